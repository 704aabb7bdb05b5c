from django.db import migrations, models


def follow_mail_on_for_everyone(apps, schema_editor):
    """Turn follow mail on for every existing profile.

    The old default (off) silently dropped the mail every "Follow this post" promised. The flag only
    matters to a reader who follows a discussion, and following is an explicit request for that
    mail; a reader who deliberately unticked the box cannot be told apart from one who never saw it,
    so the explicit follow wins. Unfollowing or unticking the box still stops the mail.
    """
    Profile = apps.get_model("accounts", "Profile")
    Profile.objects.filter(is_notified_of_follows=False).update(is_notified_of_follows=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile"),
    ]

    operations = [
        migrations.AlterField(
            model_name="profile",
            name="is_notified_of_follows",
            field=models.BooleanField(
                default=True, verbose_name="e-mail me every new comment on discussions I follow"
            ),
        ),
        migrations.RunPython(follow_mail_on_for_everyone, migrations.RunPython.noop),
    ]
