from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm, for comments.similar on PostgreSQL (a trusted extension: the database owner may add it).
    Nothing happens on SQLite."""

    dependencies = [("comments", "0009_editors_picks")]

    operations = [TrigramExtension()]
