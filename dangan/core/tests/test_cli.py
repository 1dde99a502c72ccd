import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dangan.cli", *args], capture_output=True, text=True, check=False
    )


def test_help_lists_every_subcommand():
    result = run("--help")
    assert result.returncode == 0
    for name in ("serve", "migrate", "demo", "ledger", "manage"):
        assert name in result.stdout


def test_no_subcommand_is_exit_code_2():
    assert run().returncode == 2


@pytest.mark.django_db(transaction=True)
def test_demo_loads_once_and_prints_logins():
    from django.core.management import call_command

    from dangan.accounts.models import Organization, User
    from dangan.core.demo import DEMO_PASSWORD, USERS, load_demo, login_table

    call_command("migrate", verbosity=0)
    assert load_demo() is True
    count = User.objects.count()
    assert load_demo() is False
    assert User.objects.count() == count
    kinds = set(Organization.objects.values_list("kind", "client_kind"))
    assert ("client", "organ") in kinds and ("client", "national_archive") in kinds
    assert sum(1 for k, _ in kinds if k == "provider") == 1  # one kind, two organizations
    assert Organization.objects.filter(kind="provider").count() == 2
    city = Organization.objects.get(name="某市档案局")
    assert city.parent.name == "某省档案局"
    table = login_table()
    assert DEMO_PASSWORD in table and all(u.username in table for u in USERS)
    role_codes = set(User.objects.values_list("roles__code", flat=True))
    assert {
        "sysadmin",
        "secadmin",
        "auditor",
        "regulator_officer",
        "client_manager",
        "provider_manager",
    } <= role_codes
