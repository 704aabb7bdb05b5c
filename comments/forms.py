import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing

from accounts.forms import is_reserved_name
from comments.models import Comment, Subscription
from posts.models import Post

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_PK = 2**63 - 1


STARTED_SALT = "comments.form.started"


def new_submit_token() -> str:
    return secrets.token_urlsafe(24)


def form_started_token(at: float | None = None) -> str:
    """A signed time the form was shown, so a comment sent faster than a person types is refused."""
    return signing.dumps(int(time.time() if at is None else at), salt=STARTED_SALT)


class CommentBodyField(forms.CharField):
    """Required Markdown of at most COMMENTS_MAX_LENGTH characters; CharField itself refuses NUL bytes."""

    def __init__(self, **kwargs):
        super().__init__(
            max_length=settings.COMMENTS_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 6, "maxlength": settings.COMMENTS_MAX_LENGTH}),
            label="Your comment",
            help_text="Markdown: *emphasis*, **strong**, `code`, > quotes, lists and links.",
            error_messages={"required": "Write something before you post."},
            **kwargs,
        )


class CommentForm(forms.Form):
    body = CommentBodyField()
    parent = forms.IntegerField(required=False, min_value=1, max_value=MAX_PK, widget=forms.HiddenInput)
    # Lengths come from the columns they fill, so an overlong value is a form error, not a DataError.
    author_name = forms.CharField(
        max_length=Comment._meta.get_field("author_name").max_length,
        required=False,
        label="Name",
        help_text="Optional; blank shows as “Anonymous”.",
    )
    author_email = forms.EmailField(
        max_length=min(
            Comment._meta.get_field("author_email").max_length,
            Subscription._meta.get_field("email").max_length,
        ),
        required=False,
        label="E-mail",
        help_text="Optional and never shown; needed for reply e-mails.",
    )
    # The reader's choice, off unless they ticked it before: comments.views keeps the two fields above
    # in a signed cookie and fills them in from it on this browser's next visit.
    remember_author = forms.BooleanField(required=False, label="Remember my name and e-mail on this browser")
    notify_replies = forms.BooleanField(required=False, label="E-mail me replies to my comment")
    follow_post = forms.BooleanField(required=False, label="E-mail me every new comment on this post")
    token = forms.CharField(
        required=False,
        max_length=Comment._meta.get_field("submit_token").max_length,
        widget=forms.HiddenInput,
    )
    # Bots fill every field; people never see this one (the same guard as the ask form's).
    website = forms.CharField(required=False, max_length=200, label="Leave this empty")
    started = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    # Sent by "Post anyway" on the page that showed the reader comments very like theirs (comments.similar).
    post_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Only for the letter writer (posts.letter_writer: their question's private link, opened in this browser).
    as_letter_writer = forms.BooleanField(
        required=False,
        initial=True,
        label="Post as the letter writer",
        help_text="It shows as “The letter writer”, with a badge. No name, e-mail address or account is "
        "shown with it or kept on it.",
    )

    def __init__(self, *args, post: Post, user, letter_writer: bool = False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not letter_writer:
            del self.fields["as_letter_writer"]
        self.fields["body"] = CommentBodyField()  # built per form: the length limit is a setting
        self.post = post
        self.user = user
        self.is_anonymous = not (user is not None and user.is_authenticated)
        if not self.is_anonymous:
            del self.fields["author_name"]
            del self.fields["author_email"]
            del self.fields["remember_author"]
            self.fields["notify_replies"].initial = True
        if not self.is_bound:
            self.fields["token"].initial = new_submit_token()
            self.fields["started"].initial = form_started_token()

    def clean_parent(self) -> Comment | None:
        pk = self.cleaned_data.get("parent")
        if not pk:
            return None
        parent = Comment.objects.filter(pk=pk).first()
        if parent is None or parent.post_id != self.post.pk:
            raise forms.ValidationError("The comment you replied to is not part of this discussion.")
        if parent.status != Comment.Status.PUBLISHED:
            raise forms.ValidationError("The comment you replied to is no longer open for replies.")
        return parent

    def clean_author_name(self) -> str:
        name = " ".join(self.cleaned_data.get("author_name", "").split())
        if is_reserved_name(name):
            raise forms.ValidationError("That name is reserved. Choose another, or leave it blank.")
        return name

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            self.add_error(None, "We could not accept this comment. Please leave the last field empty.")
        return ""

    def clean_started(self) -> int | None:
        """The signed time the form was shown; None when COMMENTS_MIN_FILL_SECONDS is 0 (no check)."""
        if not settings.COMMENTS_MIN_FILL_SECONDS:
            return None
        try:
            return int(signing.loads(self.cleaned_data.get("started", ""), salt=STARTED_SALT))
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise forms.ValidationError("The form expired; please send your comment again.") from exc

    def clean_token(self) -> str:
        token = self.cleaned_data.get("token", "")
        # A malformed token is ignored rather than refused: the duplicate-window check still applies.
        return token if TOKEN_PATTERN.fullmatch(token) else ""

    def clean(self):
        cleaned = super().clean()
        wants_mail = cleaned.get("notify_replies") or cleaned.get("follow_post")
        as_letter_writer = cleaned.get("as_letter_writer")  # replies go to their question's address
        if self.is_anonymous and wants_mail and not cleaned.get("author_email") and not as_letter_writer:
            self.add_error("author_email", "Give an e-mail address to get e-mail about new comments.")
        # The fill-time guard speaks last: a reader who pressed Post on an unfinished comment hears
        # what is missing, not that they were quick. Refuse a form sent sooner than
        # COMMENTS_MIN_FILL_SECONDS after it was shown.
        started = cleaned.get("started")
        too_soon = started is not None and time.time() - started < settings.COMMENTS_MIN_FILL_SECONDS
        if too_soon and not self.errors:
            self.add_error("started", "That was quick! Please check your comment and send it again.")
        return cleaned


class CommentEditForm(forms.Form):
    body = CommentBodyField()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["body"] = CommentBodyField()
