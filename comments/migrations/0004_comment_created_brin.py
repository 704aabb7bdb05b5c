from django.db import migrations

INDEX = "comment_created_brin"


def create_index(apps, schema_editor):
    # Comment search ranks the newest matches, and first looks for them among the newest comments only
    # (comments.search). A BRIN index on created_at lets PostgreSQL AND that window with the GIN matches
    # for a few kilobytes of index, as rows are stored in about the order they were written. It is not
    # partial: on PostgreSQL 15, at 2,000,000 comments, the planner left a partial one out of the AND
    # (seen with EXPLAIN). Ranges of 32 pages
    # keep the window close to its date, and make the BRIN scan cost more in the planner's eyes than
    # the GIN one for all but common words, so it is ANDed second and the pages read stay exact (first,
    # it makes every page lossy and each of its rows is matched again). autosummarize keeps the newest
    # ranges summarised as they fill; one not yet summarised is simply read.
    # SQLite searches with its fallback and has neither.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON comments_comment USING brin (created_at) "
            "WITH (pages_per_range = 32, autosummarize = on)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_comment_search_vector"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
