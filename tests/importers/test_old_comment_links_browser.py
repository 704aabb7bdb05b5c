"""An old blog's link to a comment lands on that comment, in a real browser (issue 26).

Old links carry the comment's old anchor: WordPress `.../2012/01/03/some-post/#comment-881`, Blogger
`...some-post.html#c123` or `...?showComment=<ms>#c123`, Disqus `#comment-<id>`. The anchor never reaches
the server. Each case here lands on its comment on page 1 and on a later page of the discussion, also
when the old id is the id of another comment here (set up below), which the browser would otherwise
jump to.
"""

import re

import pytest

from comments.models import Comment
from importers.models import SourceRecord
from importers.services import blog_import
from tests.browser import BROWSER_MARKS
from tests.importers.conftest import DATA
from tests.importers.disqus import disqus, post, thread
from tests.importers.wxr import a_discussed_post, wxr

pytestmark = BROWSER_MARKS

WORDPRESS_OLD = "/2012/01/03/the-awkward-reference/"
BLOGGER_OLD = "/2009/03/coworker-reply-all.html"


@pytest.fixture
def blogs(settings, tmp_path):
    """A WordPress post with a Disqus discussion too, and the Blogger sample; one thread per page."""
    settings.COMMENTS_THREADS_PER_PAGE = 1
    export = tmp_path / "wp.xml"
    export.write_text(wxr([a_discussed_post()]), encoding="utf-8")
    blog_import(path=export, source="wordpress")
    export = tmp_path / "disqus.xml"
    link = f"https://column.example.com{WORDPRESS_OLD}"
    export.write_text(
        disqus(thread(11, link), post(987654321, 11, "From the Disqus years.")), encoding="utf-8"
    )
    blog_import(path=export, source="disqus")
    blog_import(path=DATA / "blogger.xml", source="blogger")

    def imported(source: str, source_id: str) -> Comment:
        return SourceRecord.objects.get(kind="comment", source=source, source_id=source_id).comment

    marta, ben, cleo, later = (imported("wordpress", str(n)) for n in (881, 882, 883, 884))
    # Old ids that are the ids of other comments here, on the same post.
    SourceRecord.objects.filter(comment=ben).update(source_id=str(marta.pk))
    SourceRecord.objects.filter(comment=later).update(source_id=str(cleo.pk))
    return {
        "wordpress page 1": (f"{WORDPRESS_OLD}#comment-{marta.pk}", ben),
        "wordpress later page": (f"{WORDPRESS_OLD}#comment-{cleo.pk}", later),
        "disqus later page": (f"{WORDPRESS_OLD}#comment-987654321", imported("disqus", "987654321")),
        "blogger page 1": (f"{BLOGGER_OLD}#c5002", imported("blogger", "5002")),
        "blogger later page": (f"{BLOGGER_OLD}#c5009", imported("blogger", "5009")),
        "blogger showComment": (
            f"{BLOGGER_OLD}?showComment=1236186000000#c5009",
            imported("blogger", "5009"),
        ),
    }


CASES = [
    "wordpress page 1",
    "wordpress later page",
    "disqus later page",
    "blogger page 1",
    "blogger later page",
    "blogger showComment",
]


def test_old_comment_links_land_on_their_comment(open_page, live_server, blogs):
    page, watch = open_page()
    for case in CASES:
        old, comment = blogs[case]
        page.goto(live_server.url + old)
        page.wait_for_url(re.compile(rf"#comment-{comment.pk}$"), timeout=10_000)
        target = page.locator(":target")
        assert target.get_attribute("id") == f"comment-{comment.pk}", case
        assert comment.body in target.locator(".comment-body").first.inner_text(), case
        later = "later" in case or "showComment" in case
        assert ("cpage=" in page.url) is later, (case, page.url)
    watch.assert_clean()


def test_our_own_anchor_on_a_post_is_left_alone(open_page, live_server, blogs):
    """Without the old address, `#comment-<pk>` is ours: the page shows that comment, asks nothing."""
    old, ben = blogs["wordpress page 1"]
    marta_pk = int(old.rsplit("-", 1)[1])
    page, watch = open_page()
    page.goto(f"{live_server.url}{ben.post.get_absolute_url()}#comment-{marta_pk}")
    assert page.url.endswith(f"#comment-{marta_pk}")
    assert page.locator(":target").get_attribute("id") == f"comment-{marta_pk}"
    watch.assert_clean()
