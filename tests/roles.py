"""The role groups our data migrations create, re-created for transactional tests.

A transactional test (live server, threads) empties every table when it ends, and Django's flush
brings back content types and permissions but not groups that migrations made. Serialized rollback
would restore them but clashes with the content types the flush re-creates, so tests/conftest.py
calls this after every transactional test (and staff() before making a member).
"""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission

_posts_roles = importlib.import_module("posts.migrations.0003_editors_group")
_moderation_roles = importlib.import_module("moderation.migrations.0002_roles_and_append_only_log")


def ensure_roles() -> None:
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="posts", codename__in=_posts_roles.EDITOR_PERMISSIONS
        ),
        *_moderation_roles._permissions(apps, _moderation_roles.EDITOR_PERMISSIONS),
    )
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(*_moderation_roles._permissions(apps, _moderation_roles.MODERATOR_PERMISSIONS))
