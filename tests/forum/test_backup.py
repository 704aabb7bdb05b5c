"""`make backup` and `make restore` round trip on PostgreSQL: nothing lost, nothing doubled."""

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from comments.services import comment_create
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("posts_post", "comments_comment", "accounts_user", "posts_tag", "django_migrations")


def _url(name: str) -> str:
    """A libpq URL for database `name` on the server the tests use (socket or TCP alike)."""
    connection.ensure_connection()
    info = connection.connection.info
    return f"postgres://{quote(info.user)}@/{name}?host={quote(info.host)}&port={info.port}"


def _make(target: str, database_url: str, site_env: dict | None = None, **variables: str):
    env = {**os.environ, "DATABASE_URL": database_url, **(site_env or {})}
    env = {name: value for name, value in env.items() if value is not None}  # None: unset it
    password = (
        connection.vendor == "postgresql" and connection.connection and connection.connection.info.password
    )
    if password:
        env["PGPASSWORD"] = password
    args = [f"{key}={value}" for key, value in variables.items()]
    return subprocess.run(
        ["make", "--no-print-directory", target, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


@pytest.fixture
def fresh_database(on_postgres):
    if shutil.which("pg_dump") is None or shutil.which("make") is None:
        pytest.skip("pg_dump or make not installed")
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield _url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_keeps_every_row(fresh_database, tmp_path):
    users = UserFactory.create_batch(3)
    posts = PostFactory.create_batch(4)
    for number, post in enumerate(posts):
        first = comment_create(post=post, author=None, body=f"First on {number}")
        comment_create(post=post, author=None, body=f"Reply on {number}", parent=first)
    source = _url(connection.settings_dict["NAME"])

    backup = _make("backup", source, BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    dumps = list(tmp_path.glob("*.dump"))
    assert [str(path) for path in dumps] == [backup.stdout.strip()]
    assert dumps[0].stat().st_size > 0

    restore = _make("restore", fresh_database, FILE=str(dumps[0]))
    assert restore.returncode == 0, restore.stderr
    expected = _counts(source)
    assert expected["posts_post"] == len(posts)
    assert expected["comments_comment"] == 2 * len(posts)
    assert expected["accounts_user"] >= len(users)
    assert _counts(fresh_database) == expected

    # Restoring again over a database that changed since (--clean) brings it back to the dump.
    with psycopg.connect(fresh_database) as conn:
        conn.execute("DELETE FROM comments_comment")
        conn.execute("INSERT INTO posts_tag (name, slug, description) VALUES ('later', 'later', '')")
    again = _make("restore", fresh_database, FILE=str(dumps[0]))
    assert again.returncode == 0, again.stderr
    assert _counts(fresh_database) == expected


# The site as it runs in production without Redis: a shared cache in the database, and each worker's
# rendered threads in its own memory (forum/settings.py).
PRODUCTION_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "forum_cache"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "restore-threads"},
}


@pytest.mark.django_db(transaction=True)
def test_a_restore_over_a_changed_database_serves_the_restored_pages(on_postgres, client, settings, tmp_path):
    """This test process plays a worker that kept running through the restore, caches and all."""
    if shutil.which("pg_dump") is None or shutil.which("make") is None:
        pytest.skip("pg_dump or make not installed")
    settings.CACHES = PRODUCTION_CACHES
    call_command("createcachetable", verbosity=0)
    post = PostFactory(title="Before the restore")
    comment_create(post=post, author=None, body="Kept in the backup.")
    url = post.get_absolute_url()
    assert "Kept in the backup." in client.get(url).content.decode()
    database = _url(connection.settings_dict["NAME"])
    backup = _make("backup", database, BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr

    # After the backup: a new comment and a new title, each read (and so kept) before the restore.
    lost = comment_create(post=post, author=None, body="Written after the backup.")
    post.title = "Renamed after the backup"
    post.save()
    page = client.get(url).content.decode()
    assert "Written after the backup." in page and "Renamed after the backup" in page

    # `make restore` as an operator runs it: the site's settings (no test settings), its database.
    connection.close()
    site_env = {"PYTEST_VERSION": None, "SECRET_KEY": "restore-test-not-a-secret", "DEBUG": "0"}
    restore = _make("restore", database, site_env=site_env, FILE=backup.stdout.strip())
    assert restore.returncode == 0, restore.stderr
    assert "default: DatabaseCache forum_cache emptied" in restore.stdout

    page = client.get(url).content.decode()
    assert "Before the restore" in page and "Renamed after the backup" not in page
    assert "Kept in the backup." in page and "Written after the backup." not in page
    # The restored sequence gives the next comment the lost one's id: the page shows its own words.
    again = comment_create(post=post, author=None, body="Written after the restore.")
    assert again.pk == lost.pk
    page = client.get(url).content.decode()
    assert "Written after the restore." in page and "Written after the backup." not in page


def test_backup_refuses_without_a_postgresql_url(tmp_path):
    result = _make("backup", "sqlite:///db.sqlite3", BACKUP_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "set DATABASE_URL" in result.stdout
    assert not list(tmp_path.iterdir())


def test_restore_refuses_a_missing_file(tmp_path):
    result = _make("restore", "postgres://forum@/forum", FILE=str(tmp_path / "nope.dump"))
    assert result.returncode != 0
    assert "no such file" in result.stdout
