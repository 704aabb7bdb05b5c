from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from importers.services import blog_import

DATA = Path(__file__).parent / "data"


@pytest.fixture
def blogger_export() -> Path:
    return DATA / "blogger.xml"


@pytest.fixture
def wordpress_export() -> Path:
    return DATA / "wordpress.xml"


@pytest.fixture
def blogger_blog(db, blogger_export):
    """The Blogger fixture, imported; returns the import summary."""
    return blog_import(path=blogger_export, source="blogger")


@pytest.fixture
def wordpress_blog(db, wordpress_export):
    return blog_import(path=wordpress_export, source="wordpress")


def import_text(
    tmp_path, text: str, *args: str, name: str = "export.xml", out: StringIO | None = None
) -> str:
    """Write `text` to a file and run `import_blog` on it; its summary. Pass `out` to read the summary
    of a run that fails (CommandError)."""
    export = tmp_path / name
    export.write_text(text, encoding="utf-8")
    out = out if out is not None else StringIO()
    call_command("import_blog", str(export), "--no-progress", *args, stdout=out)
    return out.getvalue()
