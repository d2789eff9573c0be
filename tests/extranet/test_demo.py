import pytest
from django.core.management import CommandError, call_command

from extranet.enums import Role
from extranet.models import User


def test_load_demo_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("load_demo")

    assert not User.objects.exists()


def test_load_demo_creates_one_person_per_role_and_can_run_twice(db, settings, capsys):
    settings.DEBUG = True

    call_command("load_demo")
    counts = User.objects.count()
    call_command("load_demo")

    assert User.objects.count() == counts
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert all(email.endswith("@example.org") for email in User.objects.values_list("email", flat=True))
    assert "Mot de passe de tous les comptes de démonstration" in capsys.readouterr().out
