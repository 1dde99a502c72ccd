"""Security baseline: Argon2, password complexity, lockout recorded in the ledger, session timeout,
hardened production settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from dangan.accounts.models import User
from dangan.core.testing import TEST_PASSWORD, make_user
from dangan.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_argon2_is_the_production_hasher():
    assert "Argon2PasswordHasher" in next(h for h in settings.PASSWORD_HASHERS if "Argon2" in h)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        assert make_password("Any-Passw0rd").startswith("argon2$")


@pytest.mark.parametrize("password", ["short1A!", "alllowercaseletters", "ALLUPPER12345", "1234567890123"])
def test_weak_passwords_are_refused_in_chinese(password):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any(("口令" in m) or ("密码" in m) for m in exc.value.messages)


def test_strong_password_passes():
    validate_password("Archive-2026-Safe")


def test_login_failures_lock_the_account_and_the_ledger_says_so(world, client):
    user = world.client_a_manager
    for _ in range(settings.LOCKOUT_THRESHOLD):
        assert authenticate(username=user.username, password="wrong-password") is None
    user.refresh_from_db()
    assert user.is_locked
    # The right password does not help while locked.
    assert authenticate(username=user.username, password=TEST_PASSWORD) is None
    events = list(LedgerEntry.objects.filter(object_id=str(user.pk)).values_list("event", flat=True))
    assert events.count("login_failure") >= settings.LOCKOUT_THRESHOLD
    assert "account_locked" in events
    locked = LedgerEntry.objects.filter(event="account_locked", object_id=str(user.pk)).first()
    assert locked.organization_name == world.client_a.name


def test_successful_login_resets_the_failure_count_and_is_recorded(world, client):
    user = world.client_b_manager
    authenticate(username=user.username, password="wrong")
    assert client.login(username=user.username, password=TEST_PASSWORD)
    user.refresh_from_db()
    assert user.failed_login_count == 0
    assert LedgerEntry.objects.filter(event="login_success", object_id=str(user.pk)).exists()


def test_unknown_username_failure_is_recorded(db):
    authenticate(username="nobody-here", password="x")
    entry = LedgerEntry.objects.filter(event="login_failure").order_by("-seq").first()
    assert entry.object_repr == "nobody-here" and entry.after["reason"] == "用户名不存在"


def test_session_times_out_when_idle():
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_three_officer_roles_cannot_be_combined(world):
    from dangan.accounts.services import RoleAssignmentError, set_roles

    user = make_user(world.province)
    with pytest.raises(RoleAssignmentError, match="三员分立"):
        set_roles(user, {"sysadmin", "secadmin"})
    with pytest.raises(RoleAssignmentError, match="安全审计员不得兼任"):
        set_roles(user, {"auditor", "regulator_officer"})
    assert not User.objects.get(pk=user.pk).roles.exists()


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANGAN_")}
    env.update(
        {
            "DANGAN_PRODUCTION": "1",
            "DANGAN_SECRET_KEY": "k" * 20 + "-production-secret-for-check-deploy-" + "z" * 20,
            "DANGAN_FIELD_KEY": "a-field-key-from-the-environment",
            "DANGAN_ALLOWED_HOSTS": "dangan.example.gov.cn",
            "DANGAN_DATA_DIR": "/tmp/dangan-check-deploy",
            "PYTEST_CURRENT_TEST": "",
        }
    )
    env.update(extra)
    return env


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "-m", "dangan.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=_production_env(),
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secrets():
    env = _production_env()
    del env["DANGAN_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-m", "dangan.cli", "manage", "check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "DANGAN_SECRET_KEY" in result.stderr
