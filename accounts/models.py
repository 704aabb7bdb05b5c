from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone


def staff(prefix: str = "") -> models.Q:
    """Who is staff (User.is_staff_member), as a query condition on the user `prefix` leads to."""
    return (
        models.Q(**{f"{prefix}is_staff": True})
        | models.Q(**{f"{prefix}is_superuser": True})
        | models.Q(**{f"{prefix}groups__name__in": settings.STAFF_GROUPS})
    )


class User(AbstractUser):
    """A reader's account. Custom from the first migration so it can grow without pain."""

    display_name = models.CharField(
        max_length=60, blank=True, help_text="Shown on comments instead of the username."
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.username

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    def is_staff_member(self) -> bool:
        """Staff for the MFA rule: is_staff, is_superuser, or in a staff group (Editors, Moderators); the
        same rule as `staff()`, read from this object's flags before any query."""
        return (
            self.is_staff or self.is_superuser or self.groups.filter(name__in=settings.STAFF_GROUPS).exists()
        )

    def lacks_required_mfa(self) -> bool:
        """Staff without a second factor; cached on this object, like Django's permission cache."""
        if not hasattr(self, "_lacks_required_mfa"):
            from allauth.mfa.utils import is_mfa_enabled

            self._lacks_required_mfa = self.is_staff_member() and not is_mfa_enabled(self)
        return self._lacks_required_mfa

    # Staff permissions stay inert until a second factor is set up, whichever backend granted them
    # and including the superuser shortcut in PermissionsMixin. The permission answer comes first,
    # so a reader without permissions never pays for the MFA check.
    def has_perm(self, perm, obj=None) -> bool:
        return super().has_perm(perm, obj) and not self.lacks_required_mfa()

    async def ahas_perm(self, perm, obj=None) -> bool:
        return await super().ahas_perm(perm, obj) and not await sync_to_async(self.lacks_required_mfa)()

    def has_module_perms(self, app_label) -> bool:
        return super().has_module_perms(app_label) and not self.lacks_required_mfa()

    async def ahas_module_perms(self, app_label) -> bool:
        return (
            await super().ahas_module_perms(app_label) and not await sync_to_async(self.lacks_required_mfa)()
        )

    def get_user_permissions(self, obj=None) -> set[str]:
        perms = super().get_user_permissions(obj)
        return set() if perms and self.lacks_required_mfa() else perms

    def get_group_permissions(self, obj=None) -> set[str]:
        perms = super().get_group_permissions(obj)
        return set() if perms and self.lacks_required_mfa() else perms

    def get_all_permissions(self, obj=None) -> set[str]:
        perms = super().get_all_permissions(obj)
        return set() if perms and self.lacks_required_mfa() else perms

    async def aget_user_permissions(self, obj=None) -> set[str]:
        perms = await super().aget_user_permissions(obj)
        return set() if perms and await sync_to_async(self.lacks_required_mfa)() else perms

    async def aget_group_permissions(self, obj=None) -> set[str]:
        perms = await super().aget_group_permissions(obj)
        return set() if perms and await sync_to_async(self.lacks_required_mfa)() else perms

    async def aget_all_permissions(self, obj=None) -> set[str]:
        perms = await super().aget_all_permissions(obj)
        return set() if perms and await sync_to_async(self.lacks_required_mfa)() else perms


class Profile(models.Model):
    """What a reader tells others about themselves and how they want to hear from us."""

    class Digest(models.TextChoices):
        NONE = "none", "No digest"
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    bio = models.TextField(max_length=500, blank=True, help_text="A sentence or two about you.")
    website = models.URLField(max_length=200, blank=True)
    digest = models.CharField(max_length=10, choices=Digest, default=Digest.NONE)
    is_notified_of_replies = models.BooleanField(
        "e-mail me when someone replies to my comments", default=True
    )
    # On by default: following a discussion is itself the request for its mail.
    is_notified_of_follows = models.BooleanField(
        "e-mail me every new comment on discussions I follow", default=True
    )
    is_notified_of_updates = models.BooleanField(
        "e-mail me when the letter writer sends an update on a post I commented on or follow", default=True
    )
    is_notified_of_moderation = models.BooleanField(
        "e-mail me when a moderator holds back or hides my comment", default=True
    )
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The order the reader last chose for discussions (comments' `?sort=`), used when a link names none.
    comment_sort = models.CharField(max_length=10, default="oldest", editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest__in=["none", "daily", "weekly"]), name="profile_digest_valid"
            )
        ]

    def __str__(self):
        return f"Profile of {self.user}"


class IgnoreQuerySet(models.QuerySet):
    def in_force(self):
        """Leave out ignores of staff (is_staff, superusers, STAFF_GROUPS), whose words are for every
        reader; one made before its person became staff works again if they stop being staff."""
        return self.exclude(staff("ignored__"))


class Ignore(models.Model):
    """A reader who chose not to read another: that person's comments fold for them, and that person's
    comments send them no mail (comments.selectors.reader_for, comments.tasks). Only those `in_force()`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ignores")
    ignored = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = IgnoreQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "ignored"], name="ignore_once"),
            models.CheckConstraint(condition=~models.Q(user=models.F("ignored")), name="ignore_not_oneself"),
        ]

    def __str__(self):
        return f"{self.user} ignores {self.ignored}"
