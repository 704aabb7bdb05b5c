from pathlib import Path

import pytest

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
