"""The stored search document of a post (PostgreSQL full-text search; see posts.search).

Title and tag names weigh A, question and answer weigh B. Tags are many-to-many, which a generated
column cannot see, so `Post.search_tags` holds their names, kept by posts.services.
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Func

SEARCH_CONFIG = "english"


class OnPostgreSQL(Func):
    """The wrapped expression on PostgreSQL; NULL on any other database (SQLite searches without it)."""

    def __init__(self, expression, **extra):
        super().__init__(expression, output_field=SearchVectorField(), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def post_search_document() -> OnPostgreSQL:
    return OnPostgreSQL(
        SearchVector("title", "search_tags", weight="A", config=SEARCH_CONFIG)
        + SearchVector("question", "answer", weight="B", config=SEARCH_CONFIG)
    )
