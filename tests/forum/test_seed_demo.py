import pytest
from django.core.management import CommandError, call_command

from accounts.models import User


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


def test_seed_demo_twice_changes_nothing(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    first = list(User.objects.order_by("pk").values_list("pk", "username", "password"))
    call_command("seed_demo")
    assert list(User.objects.order_by("pk").values_list("pk", "username", "password")) == first
    assert {"editor", "moderator", "reader"} <= {name for _, name, _ in first}
    assert "password" in capsys.readouterr().out
