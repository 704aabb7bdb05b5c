"""A person joining or leaving a group (Editors, Moderators) changes the role badge on their comments
(comments.selectors.AUTHOR_ROLE). Group membership is Django's own many-to-many (the admin, a shell),
so a signal is where we hear of it."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from accounts.models import User
from accounts.services import roles_changed


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts-groups-changed")
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    # `reverse`: the change came from the group's side (group.user_set.add(...)).
    if action in ("post_add", "post_remove"):
        people = pk_set if reverse else [instance.pk]
    elif action == "pre_clear":  # after the clear nobody is left to name
        people = instance.user_set.values_list("pk", flat=True) if reverse else [instance.pk]
    else:
        return
    roles_changed(user_ids=people)
