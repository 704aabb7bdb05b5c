from django.db import migrations

INDEX = "comment_body_search_gin"
# The same expression comments.search filters on: SearchVector("body", config="english").
EXPRESSION = "to_tsvector('english'::regconfig, COALESCE(body, ''))"


def add_search_index(apps, schema_editor):
    # A PostgreSQL expression index over published comments; SQLite searches with its fallback.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON comments_comment USING gin ({EXPRESSION}) "
            "WHERE status = 'published'"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [migrations.RunPython(add_search_index, drop_search_index, elidable=False)]
