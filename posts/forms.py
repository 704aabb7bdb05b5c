import re
import time

from django import forms
from django.core import signing
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from posts.models import Category, Post, Question, Tag
from posts.search import has_words

ASK_SALT = "posts.ask.started"
MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 24 * 60 * 60
MAX_LETTER_CHARS = 10_000
MAX_POST_TEXT_CHARS = 50_000
MAX_NEW_TAGS = 10


def _is_row_id(value) -> bool:
    """A primary key the database can look up (a forged one would overflow SQLite's INTEGER)."""
    return bool(re.fullmatch(r"[0-9]{1,18}", str(value)))


class RowChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _is_row_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RowMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if not _is_row_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super().clean(value)


def ask_started_token(at: float | None = None) -> str:
    """A signed time the ask form was shown, so a submission that comes too fast can be refused."""
    return signing.dumps(int(time.time() if at is None else at), salt=ASK_SALT)


class QuestionForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="One line that sums up your question.")
    body = forms.CharField(
        label="Your question",
        max_length=MAX_LETTER_CHARS,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Tell us as much as you like; we remove anything that could identify you.",
    )
    name = forms.CharField(max_length=100, required=False, help_text="Optional. Only the editors see it.")
    email = forms.EmailField(
        required=False,
        max_length=254,
        help_text="Optional. We mail you a private link to your question, write again when it is "
        "answered, and never publish your address.",
    )
    consent = forms.BooleanField(
        label="I agree that the editors may edit my question and publish it anonymously with an answer."
    )
    # Bots fill every field; people never see this one.
    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(widget=forms.HiddenInput)

    def clean_website(self):
        if self.cleaned_data["website"]:
            # Shown at the top of the form: the field itself is out of sight.
            self.add_error(None, "We could not accept this submission. Please leave the last field empty.")
        return ""

    def clean_started(self) -> int:
        try:
            started = int(signing.loads(self.cleaned_data["started"], salt=ASK_SALT))
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise forms.ValidationError("The form expired; please send it again.") from exc
        if time.time() - started > MAX_FILL_SECONDS:
            raise forms.ValidationError("The form expired; please send it again.")
        return started

    def clean(self):
        cleaned = super().clean()
        # The fill-time guard speaks last: a reader who pressed Send on an unfinished letter hears
        # what is missing, not that they were quick.
        started = cleaned.get("started")
        if started is not None and not self.errors and time.time() - started < MIN_FILL_SECONDS:
            self.add_error("started", "That was quick! Please check your question and send it again.")
        return cleaned


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Waiting (received or shortlisted)"), *Question.Status.choices, ("all", "All")],
        required=False,
    )
    q = forms.CharField(label="Search", max_length=200, required=False)


class DeclineForm(forms.Form):
    note = forms.CharField(
        label="Note to the asker",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. Sent with the e-mail that tells them we will not answer.",
    )


class EditorNotesForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["editor_notes"]
        widgets = {"editor_notes": forms.Textarea(attrs={"rows": 4})}

    def clean_editor_notes(self):
        notes = self.cleaned_data["editor_notes"]
        if len(notes) > MAX_LETTER_CHARS:
            raise forms.ValidationError(f"Keep notes under {MAX_LETTER_CHARS} characters.")
        return notes


def publish_at_field() -> forms.DateTimeField:
    return forms.DateTimeField(
        label="Publish at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="For Schedule: a later time schedules the post, an earlier one backdates it.",
    )


class PostForm(forms.Form):
    """The whole editing page in one form: Preview, Save, Publish now and Schedule all send every
    field, so nothing typed is lost whichever button is pressed, and a refusal shows them all again."""

    title = forms.CharField(max_length=200)
    slug = forms.SlugField(
        max_length=180, required=False, help_text="The last part of the address. Left empty: from the title."
    )
    question = forms.CharField(
        label="The reader's letter, as published",
        max_length=MAX_POST_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown. Remove anything that could identify the reader.",
    )
    answer = forms.CharField(
        max_length=MAX_POST_TEXT_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Markdown. Needed before publishing.",
    )
    category = RowChoiceField(queryset=Category.objects.all(), required=False)
    tags = RowMultipleChoiceField(
        queryset=Tag.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_tags = forms.CharField(
        label="New tags",
        max_length=500,
        required=False,
        help_text="Comma-separated, e.g. LinkedIn, Facebook.",
    )
    is_pinned = forms.BooleanField(label="Pin to the top of the home page", required=False)
    is_comments_closed = forms.BooleanField(label="Close comments", required=False)
    identifying_details = forms.CharField(
        label="Details that could identify the letter writer",
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Private to editors. One per line, from the original letter: a company, a town, a name. "
        "Comments that mention one wait for a moderator.",
    )
    publish_at = publish_at_field()

    def __init__(self, *args, post: Post, **kwargs):
        self.post = post
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, post: Post) -> dict:
        return {
            "title": post.title,
            "slug": post.slug,
            "question": post.question,
            "answer": post.answer,
            "category": post.category_id,
            "tags": [tag.pk for tag in post.tags.all()],
            "is_pinned": post.is_pinned,
            "is_comments_closed": post.is_comments_closed,
            "identifying_details": post.identifying_details,
            "publish_at": timezone.localtime(post.published_at) if post.is_scheduled else None,
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug and Post.objects.filter(slug=slug).exclude(pk=self.post.pk).exists():
            raise forms.ValidationError("Another post already has this address.")
        return slug

    def clean_new_tags(self):
        names = [" ".join(name.split()) for name in self.cleaned_data["new_tags"].split(",")]
        names = [name for name in names if name]
        if len(names) > MAX_NEW_TAGS:
            raise forms.ValidationError(f"Add at most {MAX_NEW_TAGS} new tags at a time.")
        for name in names:
            if len(name) > Tag._meta.get_field("name").max_length:
                raise forms.ValidationError(f"“{name[:20]}…” is too long for a tag.")
            if not slugify(name):
                raise forms.ValidationError(f"“{name}” needs at least one letter or digit.")
        return names


class PublishForm(forms.Form):
    """Publish what is saved (the `editor_post_publish` address, kept for scripts and bookmarks)."""

    publish_at = publish_at_field()


class PostUpdateForm(forms.Form):
    body = forms.CharField(
        label="Update",
        max_length=MAX_LETTER_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown. Shown under the answer with today's date.",
    )


class QuestionUpdateForm(forms.Form):
    """The letter writer's update, sent from their question's status page once it is published."""

    body = forms.CharField(
        label="Your update",
        max_length=MAX_LETTER_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What happened after you wrote in. The editors read it first, and may publish it under "
        "the post or as a post of its own, with anything that could identify you taken out.",
        error_messages={"required": "Write your update before you send it."},
    )


class PollForm(forms.Form):
    """An editor's poll on a post: a question and two to five options (posts.polls). Its fields are
    prefixed (`poll-question`...), as the post's own form on the same page has a `question`."""

    prefix = "poll"
    question = forms.CharField(max_length=200, initial="What should the letter writer do?")
    option_1 = forms.CharField(label="Option 1", max_length=120, required=False)
    option_2 = forms.CharField(label="Option 2", max_length=120, required=False)
    option_3 = forms.CharField(label="Option 3", max_length=120, required=False)
    option_4 = forms.CharField(label="Option 4", max_length=120, required=False)
    option_5 = forms.CharField(label="Option 5", max_length=120, required=False)
    closes_at = forms.DateTimeField(
        label="Closes at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Empty: open until you close it. Readers see the results after voting, or once it closes.",
    )

    OPTIONS = ("option_1", "option_2", "option_3", "option_4", "option_5")

    @classmethod
    def initial_for(cls, poll) -> dict:
        if poll is None:
            return {}
        labels = [option.label for option in poll.options.all()]
        closes_at = timezone.localtime(poll.closes_at) if poll.closes_at else None
        return {
            "question": poll.question,
            "closes_at": closes_at,
            **dict(zip(cls.OPTIONS, labels, strict=False)),
        }

    def options(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.OPTIONS]


class SlugChoiceField(forms.ModelChoiceField):
    """A tag or category picked by slug; anything that is not a slug is an unknown choice."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"[-a-zA-Z0-9_]{1,200}", str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class TopicField(forms.CharField):
    """A topic typed by name or slug ("LinkedIn", "linkedin"): a text box, not a <select> of every tag,
    which on a site with hundreds of topics was both unusable and the slowest part of the page."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        tag = Tag.objects.filter(Q(slug=value) | Q(name__iexact=value)).only("name", "slug").first()
        if tag is None:
            raise forms.ValidationError(
                "No topic is called “%(value)s”.", params={"value": value}, code="invalid"
            )
        return tag


class SearchQueryForm(forms.Form):
    """Words to search for, in web-search syntax."""

    q = forms.CharField(
        label="Search for",
        max_length=200,
        required=False,
        help_text='Use "quotes" for a phrase, -word to leave a word out, or to allow either word.',
    )

    def has_words(self) -> bool:
        return has_words(self.cleaned_data.get("q", ""))


class SearchForm(SearchQueryForm):
    """The /search/ page: words, optional filters and sort."""

    tag = TopicField(
        label="Topic", required=False, max_length=100, help_text="A topic's name, or leave empty for any."
    )
    category = SlugChoiceField(
        label="Category", queryset=Category.objects.only("name", "slug"), to_field_name="slug",
        required=False, empty_label="Any category",
    )  # fmt: skip
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        label="Sort by", choices=[("relevance", "Relevance"), ("newest", "Newest")], required=False
    )

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError("The start date is after the end date.")
        return data

    def has_search(self) -> bool:
        """True when there are words to look for or a filter to list by."""
        data = self.cleaned_data
        filters = ("tag", "category", "date_from", "date_to")
        return self.has_words() or any(data.get(name) for name in filters)
