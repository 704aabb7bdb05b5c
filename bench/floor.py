"""The floor a discussion page is measured against (T2, and T3's ceiling): its published rows fetched
in one raw query, with the columns the thread selector reads, and their stored HTML joined. No
rendering. (Every comment of the bench's big threads is published.)"""

from django.db import connection

FLOOR_SQL = """
SELECT c.id, c.parent_id, c.path, c.depth, c.author_name, c.body_html, c.status, c.created_at,
       c.edited_at, c.author_id, u.username, u.display_name
FROM comments_comment c LEFT JOIN accounts_user u ON u.id = c.author_id
WHERE c.post_id = %s AND c.status = 'published' ORDER BY c.path
"""


def thread_floor_html(post_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [post_id])
        rows = cursor.fetchall()
    return "".join(row[5] for row in rows)
