from functools import partial

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as context_holder
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.sites.models import Site
from django.contrib.sites.requests import RequestSite
from django.db import transaction
from django.http import Http404

from accounts.models import Profile
from accounts.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's mail now, send it through the tasks framework once the data is committed."""
        request = context_holder.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": self._site(request), **context},
        )
        alternatives = getattr(message, "alternatives", [])
        html = next((content for content, mime in alternatives if mime == "text/html"), "")
        transaction.on_commit(
            partial(
                send_email.enqueue,
                subject=str(message.subject),
                body=message.body if message.content_subtype != "html" else "",
                html=html or (message.body if message.content_subtype == "html" else ""),
                to=list(message.to),
                from_email=str(message.from_email),
            )
        )

    @staticmethod
    def _site(request) -> RequestSite | Site:
        """Mail names the site as SITE_NAME and links to the host the person used, not django_site."""
        site = RequestSite(request) if request is not None else Site.objects.get_current()
        site.name = settings.SITE_NAME
        return site

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            Profile.objects.get_or_create(user=user)
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_app(self, request, provider, client_id=None):
        """A provider installed but without credentials in the environment answers 404, not 500."""
        from allauth.socialaccount.models import SocialApp

        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as exc:
            raise Http404("This sign-in provider is not set up.") from exc

    def populate_user(self, request, sociallogin, data):
        """Use the provider's full name as the display name shown on comments."""
        user = super().populate_user(request, sociallogin, data)
        name = (
            data.get("name")
            or sociallogin.account.extra_data.get("name")  # Google's id_token has one; allauth drops it
            or " ".join(filter(None, [data.get("first_name"), data.get("last_name")]))
        )
        if name and isinstance(name, str) and not user.display_name:
            user.display_name = name.strip()[:60]
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        Profile.objects.get_or_create(user=user)
        return user
