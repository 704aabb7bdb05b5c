from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from comments.models import Comment
from importers.services import detect_format
from posts.models import Post


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_blog", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_format_is_detected_from_the_file(blogger_export, wordpress_export):
    assert detect_format(blogger_export) == "blogger"
    assert detect_format(wordpress_export) == "wordpress"


@pytest.mark.django_db
def test_import_blog_prints_progress_and_a_summary_table(wordpress_export):
    out, err = run(wordpress_export)
    lines = out.splitlines()
    assert lines[0] == "Wordpress import"
    assert lines[2].split() == ["posts", "4", "0", "0"]
    assert lines[3].split() == ["comments", "11", "0", "0"]
    assert lines[5].split() == ["categories", "3", "0", "0"]
    # Every entry left out, under its reason.
    assert "  page (1)\n    item 4 (post 104) 'About this column'\n" in out
    assert "  attachment (1)\n" in out and "  pingback (1)\n" in out
    assert "Could not be imported" not in out
    assert "100%" in err and "posts 4" in err


@pytest.mark.django_db
def test_import_blog_twice_leaves_the_same_counts(blogger_export):
    run(blogger_export, "--format", "blogger", "--no-progress")
    counts = Post.objects.count(), Comment.objects.count()
    out, err = run(blogger_export, "--format", "blogger", "--no-progress")
    assert (Post.objects.count(), Comment.objects.count()) == counts == (3, 10)
    assert out.splitlines()[2].split() == ["posts", "0", "0", "3"]
    assert err == ""


@pytest.mark.django_db
def test_import_blog_update_refreshes_text_only_when_asked(wordpress_export, tmp_path):
    run(wordpress_export, "--no-progress")
    edited = tmp_path / "edited.xml"
    edited.write_text(
        wordpress_export.read_text(encoding="utf-8").replace("Level two.", "Level two, edited."),
        encoding="utf-8",
    )
    out, _ = run(edited, "--no-progress")
    assert out.splitlines()[3].split() == ["comments", "0", "0", "11"]
    assert Comment.objects.get(author_name="Ben").body == "Level two."
    out, _ = run(edited, "--update", "--no-progress")
    assert out.splitlines()[3].split() == ["comments", "0", "1", "10"]
    assert Comment.objects.get(author_name="Ben").body == "Level two, edited."


def test_import_blog_help_states_the_reimport_rule(capsys):
    with pytest.raises(SystemExit):
        call_command("import_blog", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "left as they are here" in text
    assert "--update" in text and "never changed" in text


@pytest.mark.django_db
def test_import_blog_dry_run_writes_nothing(blogger_export):
    out, _ = run(blogger_export, "--dry-run", "--no-progress")
    assert "dry run: nothing was written" in out
    assert out.splitlines()[2].split() == ["posts", "3", "0", "0"]
    assert Post.objects.count() == Comment.objects.count() == 0


@pytest.mark.django_db
def test_import_blog_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "nope.xml")


@pytest.mark.django_db
def test_import_blog_broken_xml_is_an_error_not_a_traceback(tmp_path, wordpress_export):
    broken = tmp_path / "broken.xml"
    text = wordpress_export.read_text(encoding="utf-8")
    # Cut the file in the middle of the second post: the first one is already in.
    broken.write_text(text[: text.index("<wp:post_id>102")], encoding="utf-8")
    with pytest.raises(CommandError, match="not well-formed XML"):
        run(broken, "--no-progress")
    assert Post.objects.count() == 1


@pytest.mark.django_db
def test_import_blog_rejects_an_unknown_format(blogger_export):
    with pytest.raises(CommandError):
        run(blogger_export, "--format", "tumblr")
