"""Tags renamed or merged before the Atom feed was among the redirected addresses get its redirect too."""

import re

from django.db import migrations

FEED = re.compile(r"/tags/([^/]+)/feed/")


def add_atom_redirects(apps, schema_editor):
    Redirect = apps.get_model("redirects", "Redirect")
    for redirect in Redirect.objects.filter(old_path__startswith="/tags/", old_path__endswith="/feed/"):
        if not (FEED.fullmatch(redirect.old_path) and FEED.fullmatch(redirect.new_path)):
            continue
        Redirect.objects.get_or_create(
            site_id=redirect.site_id,
            old_path=f"{redirect.old_path}atom/",
            defaults={"new_path": f"{redirect.new_path}atom/"},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_audit_term_change"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
    ]

    operations = [migrations.RunPython(add_atom_redirects, migrations.RunPython.noop)]
