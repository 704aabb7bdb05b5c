"""Pluggable spam checks: settings.MODERATION_SPAM_CHECK names the class, whose `check(...)` answers
SPAM, HAM or UNAVAILABLE, and whose `report(...)` tells the service a moderator's decision that it
judged wrongly or never saw (moderation.tasks.report_spam_decision, after the decision commits).

Checks call out to other services, so comments.services runs them before it takes the post's row
lock (the policy's `screen_comment`): a slow answer delays that one comment, never the others on the
post. A check that cannot answer in time says UNAVAILABLE and the comment waits for a moderator,
neither lost nor published unchecked.
"""

import logging
from functools import cache

import httpx
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

SPAM, HAM, UNAVAILABLE = "spam", "ham", "unavailable"


class NoSpamCheck:
    """The default: nothing is spam."""

    def check(
        self,
        *,
        kind: str,
        text: str,
        author_name: str = "",
        author_email: str = "",
        ip_address: str | None = None,
        user_agent: str = "",
        referrer: str = "",
        permalink: str = "",
    ) -> str:
        return HAM

    def report(self, *, verdict: str, **facts) -> bool:
        """Tell the service a moderator judged a text SPAM or HAM; `facts` are check()'s arguments but
        the referrer. True when the service took the report."""
        return False


class AkismetSpamCheck(NoSpamCheck):
    """Akismet's comment-check (https://akismet.com/developers/), over HTTP with a short timeout.

    Only with a key configured. Akismet wants the visitor's own address: without one (a script, an
    import) nothing is asked, rather than a made-up address.
    """

    def check(
        self,
        *,
        kind: str,
        text: str,
        author_name: str = "",
        author_email: str = "",
        ip_address: str | None = None,
        user_agent: str = "",
        referrer: str = "",
        permalink: str = "",
    ) -> str:
        if not settings.AKISMET_API_KEY or not ip_address:
            return HAM
        data = self._form(
            kind=kind,
            text=text,
            author_name=author_name,
            author_email=author_email,
            ip_address=ip_address,
            user_agent=user_agent,
            permalink=permalink,
        )
        try:
            response = self._post("comment-check", {**data, "referrer": referrer})
        except httpx.HTTPError as error:
            logger.warning("Akismet check failed; the comment waits for a moderator: %r", error)
            return UNAVAILABLE
        answer = response.text.strip()
        if answer not in ("true", "false"):  # "invalid", or an error in X-akismet-debug-help
            logger.warning(
                "Akismet answered %r (%s)", answer, response.headers.get("X-akismet-debug-help", "")
            )
            return UNAVAILABLE
        return SPAM if answer == "true" else HAM

    def report(self, *, verdict: str, **facts) -> bool:
        """submit-spam or submit-ham, so Akismet learns from the moderators (only for a comment whose
        writer's address is still kept: COMMENTS_IP_RETENTION_DAYS)."""
        if not settings.AKISMET_API_KEY or not facts.get("ip_address"):
            return False
        try:
            self._post("submit-spam" if verdict == SPAM else "submit-ham", self._form(**facts))
        except httpx.HTTPError as error:
            logger.warning("Akismet did not take the moderator's %s report: %r", verdict, error)
            return False
        return True

    @staticmethod
    def _form(
        *, kind, text, author_name="", author_email="", ip_address=None, user_agent="", permalink=""
    ) -> dict[str, str]:
        return {
            "api_key": settings.AKISMET_API_KEY,
            "blog": settings.AKISMET_SITE_URL,
            "comment_type": "comment" if kind == "comment" else "contact-form",
            "comment_content": text,
            "user_ip": ip_address,
            "user_agent": user_agent,
            "comment_author": author_name,
            "comment_author_email": author_email,
            "permalink": permalink,
        }

    @staticmethod
    def _post(method: str, data: dict[str, str]) -> httpx.Response:
        response = httpx.post(
            f"{settings.AKISMET_API_URL}/1.1/{method}",
            data={key: value for key, value in data.items() if value},
            timeout=settings.AKISMET_TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        return response


@cache
def _check_class(path: str):
    return import_string(path)


def spam_check() -> NoSpamCheck:
    return _check_class(settings.MODERATION_SPAM_CHECK)()
