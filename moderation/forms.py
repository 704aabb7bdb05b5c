import re

from django import forms
from django.conf import settings
from django.core.validators import validate_ipv46_address
from django.utils import timezone

from moderation.models import AuditEntry, Block, Flag, Sanction, Term
from moderation.selectors import QUEUE_FILTERS
from posts.models import Tag

REASON_MAX = 200
ROW_ID = re.compile(r"[0-9]{1,18}")


class ReasonField(forms.CharField):
    def __init__(self, *, required: bool = True, label: str = "Reason", **kwargs):
        kwargs.setdefault("help_text", "")
        super().__init__(max_length=REASON_MAX, required=required, label=label, **kwargs)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(choices=Flag.Reason.choices, widget=forms.RadioSelect, label="What is wrong?")
    note = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for “Something else”; optional otherwise. Only moderators read it.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Flag.Reason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", "Tell the moderators what is wrong.")
        return cleaned


class QueueFilterForm(forms.Form):
    show = forms.ChoiceField(choices=list(QUEUE_FILTERS.items()), required=False)
    reason = forms.ChoiceField(choices=[("", "Any flag reason"), *Flag.Reason.choices], required=False)
    post = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "Approve"), ("hide", "Hide"), ("spam", "Mark as spam")])
    reason = ReasonField(required=False)
    ids = forms.CharField(required=False)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.id_list = data.getlist("ids") if hasattr(data, "getlist") else []

    def clean_ids(self) -> list[int]:
        if not self.id_list or len(self.id_list) > 500:
            raise forms.ValidationError("Tick between 1 and 500 comments.")
        if not all(isinstance(value, str) and ROW_ID.fullmatch(value) for value in self.id_list):
            raise forms.ValidationError("Some of the ticked comments do not exist.")
        return [int(value) for value in self.id_list]


class HideForm(forms.Form):
    reason = ReasonField(
        help_text="Readers see it where the comment has replies: “removed by a moderator: …”."
    )


class OptionalReasonForm(forms.Form):
    reason = ReasonField(required=False)


class CollapseForm(forms.Form):
    reason = ReasonField(help_text="Readers see the subthread collapsed with this reason, e.g. “derailing”.")


class LockForm(forms.Form):
    reason = ReasonField(help_text="Readers see the subthread locked with this reason, e.g. “going round”.")


class ModeratorEditForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label="Text")
    reason = ReasonField(help_text="Kept in the log with the text before and after.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: the length limit is a setting.
        self.fields["body"] = forms.CharField(
            max_length=settings.COMMENTS_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 8}), label="Text"
        )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(choices=Sanction.Kind.choices)
    reason = forms.CharField(max_length=500, help_text="Shown to the person.")
    ends_at = forms.DateTimeField(
        label="Suspended until",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="For suspensions only.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Sanction.Kind.SUSPENSION:
            ends_at = cleaned.get("ends_at")
            if ends_at is None:
                self.add_error("ends_at", "A suspension needs an end.")
            elif ends_at <= timezone.now():
                self.add_error("ends_at", "Choose a time in the future.")
        return cleaned


class NoteForm(forms.Form):
    body = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label="Private note")


class BlockForm(forms.Form):
    kind = forms.ChoiceField(choices=Block.Kind.choices)
    value = forms.CharField(max_length=254, label="Address")
    reason = forms.CharField(max_length=500, required=False)
    expires_at = forms.DateTimeField(
        label="Until",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Leave empty to block until lifted.",
    )

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), cleaned.get("value", "").strip()
        if kind == Block.Kind.EMAIL:
            try:
                forms.EmailField().clean(value)
            except forms.ValidationError:
                self.add_error("value", "Enter a valid e-mail address.")
        elif kind == Block.Kind.IP:
            try:
                validate_ipv46_address(value)
            except forms.ValidationError:
                self.add_error("value", "Enter a valid IPv4 or IPv6 address.")
        expires_at = cleaned.get("expires_at")
        if expires_at is not None and expires_at <= timezone.now():
            self.add_error("expires_at", "Choose a time in the future.")
        return cleaned


class TermForm(forms.Form):
    text = forms.CharField(max_length=100, label="Word or phrase")
    action = forms.ChoiceField(choices=Term.Action.choices)


class TagRenameForm(forms.Form):
    name = forms.CharField(max_length=60)
    slug = forms.SlugField(max_length=60, required=False, help_text="Empty: made from the name.")


class TagMergeForm(forms.Form):
    target = forms.CharField(max_length=60, label="Merge into (the tag's address)")

    def clean_target(self) -> Tag:
        tag = Tag.objects.filter(slug=self.cleaned_data["target"].strip()).first()
        if tag is None:
            raise forms.ValidationError("No tag has this address.")
        return tag


class PreferenceForm(forms.Form):
    notify_stale_queue = forms.BooleanField(
        required=False, label="E-mail me when the queue has waited too long"
    )


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(choices=[("", "Any action"), *AuditEntry.Action.choices], required=False)
    actor = forms.CharField(max_length=150, required=False, label="Moderator (username)")
    target_type = forms.ChoiceField(
        choices=[
            ("", "Anything"),
            *[(name, name) for name in ("comment", "post", "user", "tag", "term", "block", "redirect")],
        ],
        required=False,
        label="Target",
    )
    target_id = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, label="Target id")
