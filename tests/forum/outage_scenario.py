"""Run by tests/forum/test_outage.py in a fresh interpreter with production settings.

It signs a reader in against the throwaway cluster named by CLUSTER_DIR, kills the server, records
what each kind of request answers, starts the server again, measures how long until /healthz
answers 200, and prints one line: REPORT <json>.
"""

import json
import os
import time

import django

django.setup()

from django.db import close_old_connections  # noqa: E402
from django.test import Client  # noqa: E402

from reliability.pg import Cluster  # noqa: E402
from tests.factories import PostFactory, UserFactory  # noqa: E402


class ServerLikeClient(Client):
    """The test client, but closing connections around each request as Django's WSGI handler does.

    The plain test client keeps one connection for the whole run (tests need that for their
    transactions), so it would never drop the broken connection a real server drops.
    """

    def request(self, **request):
        close_old_connections()
        try:
            return super().request(**request)
        finally:
            close_old_connections()


def seen(response) -> dict:
    body = response.content.decode(errors="replace")
    return {
        "status": response.status_code,
        "retry_after": response.headers.get("Retry-After"),
        "traceback": "Traceback" in body or 'File "' in body,
        "page": "Temporarily unavailable" in body,
    }


def timed(report: dict, name: str, send) -> None:
    started = time.monotonic()
    report[name] = seen(send())
    report[name]["seconds"] = round(time.monotonic() - started, 2)


def main() -> None:
    cluster = Cluster(directory=os.environ["CLUSTER_DIR"])
    post = PostFactory()
    reader = UserFactory()
    anonymous = ServerLikeClient(raise_request_exception=False)
    signed_in = ServerLikeClient(raise_request_exception=False)
    signed_in.force_login(reader)
    comment_url = f"/comments/post/{post.pk}/"

    report = {"before": seen(signed_in.get(post.get_absolute_url()))}
    cluster.kill()
    down: dict = {}
    timed(down, "healthz", lambda: anonymous.get("/healthz"))
    timed(down, "home", lambda: anonymous.get("/"))
    timed(down, "post signed in", lambda: signed_in.get(post.get_absolute_url()))
    timed(down, "staff path signed in", lambda: signed_in.get("/moderation/"))
    timed(down, "comment", lambda: anonymous.post(comment_url, {"body": "Hello"}))
    timed(down, "sign in", lambda: anonymous.post("/accounts/login/", {"login": "x", "password": "y"}))
    report["down"] = down

    cluster.start()
    restarted = time.monotonic()
    while anonymous.get("/healthz").status_code != 200 and time.monotonic() - restarted < 60:
        time.sleep(0.1)
    report["recovery_seconds"] = round(time.monotonic() - restarted, 2)
    report["after"] = seen(signed_in.get(post.get_absolute_url()))
    print("REPORT " + json.dumps(report))


if __name__ == "__main__":
    main()
