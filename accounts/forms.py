import re

from django import forms

from accounts.models import Profile, User


class ProfileSettingsForm(forms.Form):
    """The settings page: how the reader appears and what mail they want."""

    display_name = forms.CharField(
        max_length=User._meta.get_field("display_name").max_length,
        required=False,
        help_text="Shown on your comments. Leave empty to use your username.",
    )
    bio = forms.CharField(
        max_length=Profile._meta.get_field("bio").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence or two, shown on your public page. Plain text.",
    )
    website = forms.URLField(
        max_length=Profile._meta.get_field("website").max_length, required=False, assume_scheme="https"
    )
    is_notified_of_replies = forms.BooleanField(
        required=False, label="E-mail me when someone replies to my comments"
    )
    is_notified_of_follows = forms.BooleanField(
        required=False,
        label="E-mail me every new comment on discussions I follow",
        help_text="Followed tags and categories come in your digest instead.",
    )
    is_notified_of_updates = forms.BooleanField(
        required=False,
        label="E-mail me when the letter writer sends an update on a post I commented on or follow",
    )
    is_notified_of_moderation = forms.BooleanField(
        required=False,
        label="E-mail me when a moderator holds back or hides my comment",
        help_text="Your comment's page says why either way.",
    )
    digest = forms.ChoiceField(
        choices=Profile.Digest.choices, label="Digest of new posts and replies", widget=forms.RadioSelect
    )

    # CharField already refuses NUL characters (ProhibitNullCharactersValidator).
    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if is_reserved_name(name):
            raise forms.ValidationError("That name is reserved. Choose another.")
        return name

    def clean_bio(self) -> str:
        return self.cleaned_data["bio"].strip()


# Names that would pass for someone else's: a removed account, nobody, or the letter writer's badge;
# compared by their letters alone ("The Letter-Writer." is "theletterwriter").
RESERVED_NAMES = frozenset({"formerreader", "anonymous", "theletterwriter", "letterwriter", "lw", "op"})


def is_reserved_name(name: str) -> bool:
    return re.sub(r"[^a-z]", "", name.lower()) in RESERVED_NAMES


class AccountDeleteForm(forms.Form):
    class CommentChoice:
        KEEP = "keep"
        REMOVE = "remove"

    comments = forms.ChoiceField(
        choices=[
            (CommentChoice.KEEP, 'Keep my comments, shown as "Former reader" with no link to me'),
            (CommentChoice.REMOVE, "Remove my comments (a placeholder stays where others replied)"),
        ],
        widget=forms.RadioSelect,
        label="What should happen to your comments?",
    )
    confirm = forms.BooleanField(label="I understand that this cannot be undone")
