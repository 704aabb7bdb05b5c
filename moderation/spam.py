"""Pluggable spam checks: settings.MODERATION_SPAM_CHECK names the class; `is_spam(...)` says yes or no.

A check that cannot reach its service says no (the other guards still apply) and logs why, so an
outage at Akismet never stops the discussion.
"""

import logging
from functools import cache

import akismet
import httpx
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class NoSpamCheck:
    """The default: nothing is spam."""

    def is_spam(
        self,
        *,
        kind: str,
        text: str,
        author_name: str = "",
        author_email: str = "",
        ip_address: str | None = None,
        user_agent: str = "",
        permalink: str = "",
    ) -> bool:
        return False


class AkismetSpamCheck(NoSpamCheck):
    """Ask Akismet (https://akismet.com) through the `akismet` package; only used with a key configured."""

    def __init__(self, *, http_client: httpx.Client | None = None):
        self.config = akismet.Config(key=settings.AKISMET_API_KEY, url=settings.AKISMET_SITE_URL)
        self.http_client = http_client

    def is_spam(
        self,
        *,
        kind: str,
        text: str,
        author_name: str = "",
        author_email: str = "",
        ip_address: str | None = None,
        user_agent: str = "",
        permalink: str = "",
    ) -> bool:
        if not self.config.key:
            return False
        extra = {"comment_type": "comment" if kind == "comment" else "contact-form", "comment_content": text}
        if author_name:
            extra["comment_author"] = author_name
        if author_email:
            extra["comment_author_email"] = author_email
        if user_agent:
            extra["user_agent"] = user_agent
        if permalink:
            extra["permalink"] = permalink
        try:
            client = akismet.SyncClient(config=self.config, http_client=self.http_client)
            verdict = client.comment_check(user_ip=ip_address or "127.0.0.1", **extra)
        except (akismet.AkismetError, httpx.HTTPError) as error:
            logger.warning("Akismet check failed, treating as not spam: %s", error)
            return False
        return verdict in (akismet.CheckResponse.SPAM, akismet.CheckResponse.DISCARD)


@cache
def _check_class(path: str):
    return import_string(path)


def spam_check() -> NoSpamCheck:
    return _check_class(settings.MODERATION_SPAM_CHECK)()
