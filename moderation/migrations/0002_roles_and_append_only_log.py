from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = {
    "comments": ["moderate_comment", "view_comment"],
    "moderation": [
        "moderate_people",
        "manage_terms",
        "manage_tags",
        "moderate_post",
        "view_auditentry",
        "view_flag",
        "view_sanction",
    ],
    "posts": ["view_post", "view_tag"],
}
EDITOR_PERMISSIONS = {"moderation": ["moderate_post"]}


def _permissions(apps, wanted: dict):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codenames in wanted.items():
        found += Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    return found


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for label in ("comments", "posts", "moderation"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(*_permissions(apps, MODERATOR_PERMISSIONS))
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*_permissions(apps, EDITOR_PERMISSIONS))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Moderators").delete()
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(*Permission.objects.filter(content_type__app_label="moderation"))


# PostgreSQL refuses any UPDATE or DELETE of a log row. TRUNCATE (a test database flush) still works.
FORBID_SQL = [
    """
    CREATE OR REPLACE FUNCTION moderation_auditentry_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the moderation log is append-only';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER moderation_auditentry_append_only
        BEFORE UPDATE OR DELETE ON moderation_auditentry
        FOR EACH ROW EXECUTE FUNCTION moderation_auditentry_append_only()
    """,
]
ALLOW_SQL = [
    "DROP TRIGGER IF EXISTS moderation_auditentry_append_only ON moderation_auditentry",
    "DROP FUNCTION IF EXISTS moderation_auditentry_append_only()",
]
# SQLite refuses updates; deletes stay possible there so a test database can be flushed.
SQLITE_FORBID_SQL = """
CREATE TRIGGER moderation_auditentry_no_update BEFORE UPDATE ON moderation_auditentry
BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;
"""
SQLITE_ALLOW_SQL = "DROP TRIGGER IF EXISTS moderation_auditentry_no_update;"


def forbid_changes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in FORBID_SQL:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORBID_SQL)


def allow_changes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in ALLOW_SQL:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_ALLOW_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("posts", "0003_editors_group"),
        ("comments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(forbid_changes, allow_changes),
    ]
