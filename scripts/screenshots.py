"""`make screenshots`: full-page PNGs of the main pages, for each role, at desktop and phone widths, in the
light and the dark colour scheme, into screenshots/ as <role>-<page>-<width>-<scheme>.png.

The site runs from a throwaway SQLite database with the demo content (`manage.py seed_demo`), under
`manage.py runserver` on a free port; the signed-in roles get a session made with Django's test client.
A page a role is shown instead of the one asked for (the sign-in form, a 403) is taken once per role.

    .venv/bin/python scripts/screenshots.py [--roles visitor,reader] [--pages home,post] [--out DIR]
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES = ["visitor", "reader", "editor", "moderator"]
WIDTHS = {1280: 900, 390: 844}  # width: viewport height (a desktop; a phone)
SCHEMES = ["light", "dark"]
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_for(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"runserver stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"runserver did not answer {url} within {seconds:.0f} s")


def pages_and_sessions() -> tuple[dict[str, str], dict[str, str]]:
    """{page name: path} from the demo data, and {role: session key} for the signed-in roles."""
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from moderation.models import Flag
    from posts.models import Post, Question
    from tests.urlmap import record_fresh_sign_in

    big = Post.objects.published().order_by("-comment_count").first()
    flagged = Flag.objects.order_by("pk").first()
    question = Question.objects.order_by("-created_at").first()
    # In this order: the page a role is sent to instead (home, the sign-in form) is named for itself.
    pages = {
        "home": "/",
        "signin": "/accounts/login/",
        "signup": "/accounts/signup/",
        "post": big.get_absolute_url(),
        "post-page-2": big.get_absolute_url() + "?cpage=2",
        "ask": "/ask/",
        "search": "/search/?q=interview",
        "tags": "/tags/",
        "archive": "/archive/",
        "profile": "/users/reader/",
        "settings": "/users/settings/",
        "editor-inbox": "/editor/",
        "editor-question": f"/editor/questions/{question.pk}/" if question else None,
        "editor-posts": "/editor/posts/",
        "editor-post-edit": f"/editor/posts/{big.pk}/",
        "moderation-queue": "/moderation/",
        "moderation-comment": f"/moderation/comments/{flagged.comment_id}/" if flagged else None,
        "moderation-log": "/moderation/log/",
        "2fa": "/accounts/2fa/",
        "account-delete": "/users/settings/delete/",
    }
    sessions = {}
    for role in ROLES[1:]:
        user = User.objects.get(username=role)
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies["sessionid"].value
        # A sign-in just now, as allauth records one, so the 2FA and delete pages show themselves.
        record_fresh_sign_in(sessions[role], user)
    return {name: path for name, path in pages.items() if path}, sessions


def shoot(base_url: str, pages: dict, sessions: dict, roles: list[str], out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for role in roles:
            context = browser.new_context()
            if role in sessions:
                context.add_cookies([{"name": "sessionid", "value": sessions[role], "url": base_url}])
            page = context.new_page()
            for width, height in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                shown = {}  # what the role was shown: address (without the query if redirected) or status
                for name, path in pages.items():
                    page.emulate_media(color_scheme="light")
                    response = page.goto(base_url + path)
                    status = response.status if response else 0
                    final = page.url.removeprefix(base_url).split("#")[0]
                    if final != path:  # sent elsewhere: the sign-in form's `next` makes no other page
                        final = final.split("?")[0]
                    seen = f"status {status}" if status >= 400 else final
                    if seen in shown:
                        if width == next(iter(WIDTHS)):
                            print(f"  {role} {name}: shown {seen}, as {shown[seen]}; not taken again")
                        continue
                    shown[seen] = name
                    for scheme in SCHEMES:
                        page.emulate_media(color_scheme=scheme)
                        file = out / f"{role}-{name}-{width}-{scheme}.png"
                        page.screenshot(path=file, full_page=True, animations="disabled")
                        written.append(file)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated, of " + ", ".join(ROLES))
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--out", default=str(ROOT / "screenshots"), help="folder for the PNGs")
    args = parser.parse_args()
    roles = [role for role in args.roles.split(",") if role]
    if unknown := set(roles) - set(ROLES):
        parser.error(f"unknown roles: {', '.join(sorted(unknown))}")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"make screenshots needs Debian's Chromium at {CHROMIUM}: apt-get install chromium")

    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="forum-screenshots-"))
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="forum.settings",
        PYTHONPATH=str(ROOT),
    )
    port = free_port()
    server = None
    try:
        print(f"Database {tmp / 'db.sqlite3'}: migrating and seeding the demo")
        run(env, "migrate", "--noinput", "--verbosity", "0")
        run(env, "seed_demo", "--domain", f"127.0.0.1:{port}")
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        pages, sessions = pages_and_sessions()
        if args.pages:
            wanted = args.pages.split(",")
            if unknown := set(wanted) - set(pages):
                parser.error(f"unknown pages: {', '.join(sorted(unknown))} (pages: {', '.join(pages)})")
            pages = {name: path for name, path in pages.items() if name in wanted}

        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp / "runserver.log").open("w"),
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_for(base_url + "/healthz", server)
        print(f"runserver on {base_url}; taking {len(pages)} pages for {', '.join(roles)}")
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        written = shoot(base_url, pages, sessions, roles, out)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(tmp, ignore_errors=True)

    for file in written:
        print(file.relative_to(ROOT) if file.is_relative_to(ROOT) else file)
    print(f"{len(written)} screenshots in {out} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
