"""Any change to the term lists (moderation pages, the Django admin, a shell) clears the cached lists."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from moderation.models import Term
from moderation.policy import TERMS_CACHE_KEY


def _forget_terms() -> None:
    cache.delete(TERMS_CACHE_KEY)


@receiver(post_save, sender=Term, dispatch_uid="moderation_term_saved")
@receiver(post_delete, sender=Term, dispatch_uid="moderation_term_deleted")
def term_changed(sender, **kwargs) -> None:
    # Now, so this transaction's own checks see the change, and after commit, so no request that read
    # the old lists meanwhile keeps them cached for an hour.
    _forget_terms()
    transaction.on_commit(_forget_terms)
