"""Hooks through which a higher app (moderation) judges what lower apps (posts, comments) accept.

posts and comments may not import moderation (imports point one way), so they load the class a
setting names — `COMMENTS_POLICY`, `QUESTIONS_POLICY` — and ask it for a `Decision`. With the setting
unset they get `OpenPolicy`, which accepts everything, so each app still works on its own.
"""

from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Decision:
    """Publish, hold for a moderator (with the reasons the queue shows), or refuse (with a message)."""

    PUBLISH = "publish"
    HOLD = "hold"
    REFUSE = "refuse"

    action: str = PUBLISH
    reasons: tuple[str, ...] = field(default_factory=tuple)
    message: str = ""
    # The HTTP status a refusal is shown with: 429 for rate limits, else 400 (or 403 for a sanction).
    status: int = 400

    @property
    def is_held(self) -> bool:
        return self.action == self.HOLD

    @property
    def is_refused(self) -> bool:
        return self.action == self.REFUSE


class OpenPolicy:
    """Accept everything; what a policy setting left unset gives."""

    def refusal_for(self, *, user) -> str:
        """Why this signed-in reader may not comment, flag or ask at all right now, or ""."""
        return ""

    def screen_comment(self, **facts) -> dict:
        """Ask outside services about a comment (a spam check) before the post's row lock is taken, so a
        slow answer holds up this comment alone; what it returns reaches `check_comment` as `screening`."""
        return {}

    def check_comment(self, **facts) -> Decision:
        """Publish, hold or refuse a comment. Called under the post lock, after `refusal_for` passed."""
        return Decision()

    def edit_refusal(self, *, comment, body) -> str:
        return ""

    def comment_stored(self, *, comment, decision: Decision) -> None:
        """Called inside the transaction that stored the comment."""

    def check_question(self, **facts) -> Decision:
        return Decision()

    def question_stored(self, *, question, decision: Decision, ip_address: str | None) -> None:
        """Called inside the transaction that stored the question."""

    def thread_annotations(self) -> dict:
        """Annotations for the thread query, so display data costs no query: any of `moderator_reason`
        (why a hidden comment was hidden), `collapsed_reason` (a subthread shown folded) and
        `moderator_edited_at`."""
        return {}

    def status_note(self, comment) -> str:
        """What a comment's author is told about their own held or hidden comment: why it waits, or why
        a moderator hid it (the thread's comments carry `thread_annotations()`)."""
        return ""

    def comment_links(self, *, user) -> tuple[tuple[str, str], ...]:
        """(label, URL with "{pk}") links shown on each readable comment for this reader."""
        return ()

    def discussion_links(self, *, user, post) -> tuple[tuple[str, str], ...]:
        """(label, URL) links shown in the discussion's header for this reader."""
        return ()

    def post_closed(self, *, post, actor, closed: bool) -> None:
        """An editor or moderator closed (or reopened) the post's discussion; inside that transaction."""

    def comments_removed_by_author(self, *, comment_ids: list[int]) -> None:
        """Their author removed these comments (one at a time, or all of them with their account) and
        placeholders stay for their replies; inside that transaction. (A comment deleted outright takes
        what refers to it along.)"""


@cache
def _policy_class(path: str):
    return import_string(path)


def load_policy(setting_name: str):
    path = getattr(settings, setting_name, "")
    return _policy_class(path)() if path else OpenPolicy()
