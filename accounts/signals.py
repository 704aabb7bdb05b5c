"""Signals for the apps above accounts, which accounts may not import (accounts <- posts <- comments)."""

from django.dispatch import Signal

# Sent with user_id when the name shown on a user's comments changes: a new display name, or an
# account about to be deleted (its comments are anonymised or removed). Sent inside the transaction,
# before the comments change, so a receiver can still find them by author.
public_name_changed = Signal()
