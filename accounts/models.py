from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A reader's account. Custom from the first migration so it can grow without pain."""

    display_name = models.CharField(
        max_length=60, blank=True, help_text="Shown on comments instead of the username."
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.username

    @property
    def public_name(self) -> str:
        return self.display_name or self.username
