"""Disqus exports built in the tests, in Disqus's own shape: the forum's threads (one per page, named by
its URL and identifier), then every comment of the forum in any order, each naming its thread and parent."""

from xml.sax.saxutils import escape


def thread(dsq_id: int, link: str, identifier: str = "", title: str = "A page") -> str:
    return (
        f'<thread dsq:id="{dsq_id}"><id>{identifier}</id><forum>columnforum</forum>'
        f'<category dsq:id="1"/><link>{escape(link)}</link><title>{title}</title><message/>'
        "<createdAt>2012-01-03T09:00:00Z</createdAt><author><name>Editor</name><isAnonymous>false</isAnonymous>"
        "<username>editor</username></author><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>"
    )


def post(
    dsq_id: int,
    thread_id: int,
    message: str,
    *,
    name: str = "Reader",
    parent: int | None = None,
    anonymous: bool = False,
    deleted: bool = False,
    spam: bool = False,
    when: str = "2012-01-04T10:00:00Z",
    wp_id: int | None = None,
) -> str:
    username = "" if anonymous else f"<username>{name.lower()}</username>"
    return (
        f'<post dsq:id="{dsq_id}"><id>{f"wp_id={wp_id}" if wp_id else ""}</id>'
        f"<message><![CDATA[{message}]]></message><createdAt>{when}</createdAt>"
        f"<isDeleted>{str(deleted).lower()}</isDeleted><isSpam>{str(spam).lower()}</isSpam>"
        f"<author><email>{name.lower()}@example.net</email><name>{name}</name>"
        f"<isAnonymous>{str(anonymous).lower()}</isAnonymous>{username}</author>"
        f'<ipAddress>192.0.2.1</ipAddress><thread dsq:id="{thread_id}"/>'
        + (f'<parent dsq:id="{parent}"/>' if parent else "")
        + "</post>"
    )


def disqus(*entries: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<category dsq:id="1"><forum>columnforum</forum><title>General</title>'
        "<isDefault>true</isDefault></category>\n" + "\n".join(entries) + "\n</disqus>\n"
    )
