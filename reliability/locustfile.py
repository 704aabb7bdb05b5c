"""The forum mix for `make reliability`: mostly reading, then commenting (half anonymously), asking,
flagging and moderating, through the real forms (CSRF tokens, form timers, TOTP sign-in).

Every write carries a unique marker; when the site acknowledges it (2xx or 3xx) the marker goes to
RELIABILITY_ACKS, one JSON line each, so reliability/run.py can look every one up afterwards.
Each simulated reader sends from its own loopback address (127.0.x.y), so the per-address limits of
production (comments, questions, sign-ins) apply to each reader as they would to real people, and
nothing is switched off for the test. Readers pace themselves to those limits.
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import threading
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

from locust import HttpUser, between, events, task
from requests.adapters import HTTPAdapter

FIXTURE = json.loads(Path(os.environ["RELIABILITY_FIXTURE"]).read_text())
ACKS = Path(os.environ["RELIABILITY_ACKS"])
CLIENT_REPORT = Path(os.environ["RELIABILITY_CLIENT_REPORT"])
RUN = os.environ.get("RELIABILITY_RUN", "rlt")
COMMENT_GAP = 16  # seconds; production allows one comment per 15 s per address and per account
FORM_THINK = 3.2  # seconds; the comment and ask forms refuse what is sent sooner than 3 s
ASKS_PER_READER = 8  # the ask form allows 10 an hour per address
FLAGS_PER_MEMBER = 9  # a reader may raise 10 flags a day

_lock = threading.Lock()
_addresses = itertools.count(2)
_members = itertools.cycle(FIXTURE["readers"])
outcomes = {"requests": 0, "ok": 0, "outage_503": 0, "bad_5xx": 0, "other_4xx": 0, "connection_errors": 0}
bad_samples: list[str] = []
refusals: dict[str, int] = {}
latencies: dict[str, list[tuple[float, float]]] = {}  # name: [(wall-clock start, milliseconds)]
# Every 503 with Retry-After, for run.py to check against the outage windows: a deadlock or a
# statement timeout is an OperationalError too and gets the same answer, but outside an outage.
outage_503s: list[tuple[str, float, float]] = []  # (name, wall-clock start, milliseconds)


def marker() -> str:
    return f"{RUN}-{uuid.uuid4().hex}"


def acknowledge(kind: str, mark: str, status: int) -> None:
    with _lock, ACKS.open("a") as file:
        file.write(json.dumps({"kind": kind, "marker": mark, "status": status, "at": time.time()}) + "\n")


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    with _lock:
        outcomes["requests"] += 1
        if status == 0:
            outcomes["connection_errors"] += 1
        elif status == 503 and response.headers.get("Retry-After"):
            outcomes["outage_503"] += 1
            outage_503s.append((name, round(time.time() - response_time / 1000, 3), response_time))
        elif status >= 500:
            outcomes["bad_5xx"] += 1
            if len(bad_samples) < 20:
                bad_samples.append(f"{status} {request_type} {name}")
        elif status >= 400:
            outcomes["other_4xx"] += 1
            refusals[f"{status} {name}"] = refusals.get(f"{status} {name}", 0) + 1
        else:
            outcomes["ok"] += 1
            started = time.time() - response_time / 1000
            latencies.setdefault(name, []).append((round(started, 3), response_time))


@events.quitting.add_listener
def _write_report(environment, **kwargs):
    report = {
        "outcomes": outcomes,
        "bad_samples": bad_samples,
        "refusals": refusals,
        "latencies": latencies,
        "outage_503s": outage_503s,
    }
    CLIENT_REPORT.write_text(json.dumps(report))


class Forms(HTMLParser):
    """Every <form> on a page: its action, hidden values, radio choices and field names."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = True
            self.forms.append(
                {"action": attributes.get("action") or "", "hidden": {}, "radios": {}, "names": set()}
            )
        elif tag in ("input", "textarea", "select") and self.inside and attributes.get("name"):
            current, name = self.forms[-1], attributes["name"]
            current["names"].add(name)
            kind = attributes.get("type", "text")
            if kind == "hidden":
                current["hidden"][name] = attributes.get("value") or ""
            elif kind == "radio":
                current["radios"].setdefault(name, []).append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def form(html: str, action: str = "", field: str = "") -> dict | None:
    """The first form whose action starts with `action` and that has a field named `field`."""
    parser = Forms()
    parser.feed(html)
    for found in parser.forms:
        if found["action"].startswith(action) and (not field or field in found["names"]):
            return found
    return None


def totp(secret: str) -> str:
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret, casefold=True), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class ForumUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        n = next(_addresses)
        self.address = f"127.0.{n // 250 + 1}.{n % 250 + 1}"
        self.client.mount("http://", SourceAddressAdapter(self.address))
        self.next_comment_at = 0.0

    def get(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code == 503:
                response.failure("outage")
            return response

    def post_form(self, url: str, data: dict, name: str, kind: str, mark: str):
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code < 400:
                acknowledge(kind, mark, response.status_code)
                response.success()
            elif response.status_code in (400, 403, 429):
                response.success()  # refused by a rule (closed, limit, moderation): no write was promised
            return response

    def read_post(self):
        post = random.choice(FIXTURE["posts"])
        return post, self.get(post["url"], "read post")

    def sign_in(self, username: str, password: str) -> bool:
        page = self.get("/accounts/login/", "sign in page")
        fields = form(page.text, field="password") if page.ok else None
        if fields is None:
            return False
        data = {**fields["hidden"], "login": username, "password": password}
        with self.client.post("/accounts/login/", data=data, name="sign in", catch_response=True) as response:
            return response.ok and "/accounts/login/" not in response.url

    def comment(self, *, anonymous: bool):
        if time.monotonic() < self.next_comment_at:
            return self.read_post()
        post, page = self.read_post()
        fields = form(page.text, f"/comments/post/{post['id']}/", "body") if page.ok else None
        if fields is None:
            return None
        time.sleep(FORM_THINK)
        mark = marker()
        data = {**fields["hidden"], "body": f"Load test comment {mark}: a reader's view on this advice."}
        replies = re.findall(r'id="comment-(\d+)"', page.text)
        if replies and random.random() < 0.5:
            data["parent"] = random.choice(replies)
        if anonymous:
            data["author_name"] = random.choice(["", "Pat", "A reader", "Sam from Leeds"])
        self.next_comment_at = time.monotonic() + COMMENT_GAP
        kind = "comment anonymous" if anonymous else "comment signed in"
        return self.post_form(f"/comments/post/{post['id']}/", data, kind, "comment", mark)


class Reader(ForumUser):
    """A signed-out visitor: reads, comments anonymously now and then, sometimes asks a question."""

    weight = 6

    def on_start(self):
        super().on_start()
        self.asked = 0

    @task(6)
    def home(self):
        self.get("/", "read home")

    @task(8)
    def post(self):
        self.read_post()

    @task(2)
    def topic(self):
        if random.random() < 0.5 and FIXTURE["tags"]:
            self.get(random.choice(FIXTURE["tags"]), "read tag")
        elif FIXTURE["categories"]:
            self.get(random.choice(FIXTURE["categories"]), "read category")

    @task(1)
    def archive(self):
        self.get("/archive/", "read archive")

    @task(1)
    def search(self):
        self.get(f"/search/?q={random.choice(['manager', 'interview', 'linkedin', 'coworker'])}", "search")

    @task(2)
    def comment_anonymously(self):
        self.comment(anonymous=True)

    @task(1)
    def ask(self):
        if self.asked >= ASKS_PER_READER:
            return
        page = self.get("/ask/", "ask page")
        fields = form(page.text, field="title") if page.ok else None
        if fields is None:
            return
        time.sleep(FORM_THINK)
        mark = marker()
        data = {
            **fields["hidden"],
            "title": f"My team lead and a load test {mark[-12:]}",
            "body": f"Question {mark}: how do I tell my manager the report is late without blame?",
            "name": "Load Reader",
            "email": f"asker-{mark[-12:]}@load.example",
            "consent": "on",
        }
        self.asked += 1
        self.post_form("/ask/", data, "ask", "question", mark)


class Member(ForumUser):
    """A signed-in reader: reads, comments under their name, flags comments they dislike."""

    weight = 3

    def on_start(self):
        super().on_start()
        self.username = next(_members)
        self.flagged = 0
        self.signed_in = self.sign_in(self.username, FIXTURE["password"])

    @task(8)
    def post(self):
        self.read_post()

    @task(2)
    def home(self):
        self.get("/", "read home")

    @task(2)
    def comment_signed_in(self):
        if not self.signed_in:
            self.signed_in = self.sign_in(self.username, FIXTURE["password"])
            return
        self.comment(anonymous=False)

    @task(1)
    def flag(self):
        if not self.signed_in or self.flagged >= FLAGS_PER_MEMBER:
            return
        _, page = self.read_post()
        ids = re.findall(r'id="comment-(\d+)"', page.text) if page.ok else []
        if not ids:
            return
        url = f"/moderation/comments/{random.choice(ids)}/flag/"
        flag_page = self.get(url, "flag page")
        fields = form(flag_page.text, field="reason") if flag_page.status_code == 200 else None
        if fields is None or not fields["radios"].get("reason"):
            return  # own comment, already flagged, not shown: the page says so
        mark = marker()
        data = {
            **fields["hidden"],
            "reason": random.choice(fields["radios"]["reason"]),
            "note": f"Flag {mark}",
        }
        self.flagged += 1
        self.post_form(url, data, "flag", "flag", mark)


class Moderator(ForumUser):
    """One moderator signing in with a password and a TOTP code, approving held comments."""

    fixed_count = 1
    wait_time = between(2, 5)

    def on_start(self):
        super().on_start()
        self.signed_in = self._sign_in()

    def _sign_in(self) -> bool:
        account = FIXTURE["moderator"]
        self.sign_in(account["username"], FIXTURE["password"])
        page = self.get("/accounts/2fa/authenticate/", "sign in page")
        fields = form(page.text, field="code") if page.status_code == 200 else None
        if fields is None:
            return False
        data = {**fields["hidden"], "code": totp(account["totp_secret"])}
        with self.client.post(
            "/accounts/2fa/authenticate/", data=data, name="sign in 2fa", catch_response=True
        ) as response:
            return response.ok and "/accounts/" not in response.url

    @task
    def moderate(self):
        if not self.signed_in:
            self.signed_in = self._sign_in()
            return
        queue = self.get("/moderation/", "moderation queue")
        if queue.status_code != 200:
            return
        held = re.findall(r'href="(/moderation/comments/\d+/)"', queue.text)
        if not held:
            return
        detail_url = random.choice(held)
        detail = self.get(detail_url, "moderation comment")
        url = f"{detail_url}approve/"
        fields = form(detail.text, url) if detail.status_code == 200 else None
        if fields is None:
            return  # already decided by someone else, or no longer held
        mark = marker()
        data = {**fields["hidden"], "reason": f"Approved {mark}"}
        self.post_form(url, data, "moderate", "moderation", mark)
