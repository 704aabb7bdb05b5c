from django.db import migrations, models
from django.utils import timezone


def close_flags_on_removed_comments(apps, schema_editor):
    """Flags left open on comments with nothing left to judge: withdrawn where their authors had
    removed them, upheld where an administrator had deleted them for good (placeholders kept)."""
    Flag = apps.get_model("moderation", "Flag")
    now = timezone.now()
    Flag.objects.filter(outcome="open", comment__status="removed").update(
        outcome="withdrawn", resolved_at=now
    )
    Flag.objects.filter(outcome="open", comment__moderation__hidden_reason="deleted").update(
        outcome="upheld", resolved_at=now
    )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0004_tag_atom_feed_redirects"),
        ("comments", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="flag",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("open", "Waiting for a moderator"),
                    ("upheld", "A moderator agreed and removed the comment"),
                    ("declined", "A moderator reviewed it and kept the comment"),
                    ("withdrawn", "Its author removed the comment"),
                ],
                default="open",
                max_length=10,
            ),
        ),
        migrations.RunPython(close_flags_on_removed_comments, migrations.RunPython.noop),
    ]
