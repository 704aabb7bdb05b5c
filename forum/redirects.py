"""Permanent redirects for addresses that moved (django.contrib.redirects answers them on a 404)."""

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site


def path_moved(*, old_path: str, new_path: str) -> None:
    """Make old_path answer 301 to new_path, without chains, and never redirect new_path away."""
    if old_path == new_path:
        return
    site = Site.objects.get_current()
    Redirect.objects.filter(site=site, new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(site=site, old_path=old_path, defaults={"new_path": new_path})
    Redirect.objects.filter(site=site, old_path=new_path).delete()
