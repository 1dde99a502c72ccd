"""The ledger in the database: every change recorded, nothing changeable, tampering found."""

import json
import subprocess
import sys

import pytest
from django.db import connection, transaction

from dangan.accounts import roles
from dangan.accounts.models import Organization
from dangan.core.audit_context import acting_as, actor_for_user
from dangan.core.testing import make_org, make_user, tamper_ledger
from dangan.ledger import services
from dangan.ledger.models import LedgerEntry, LedgerImmutableError

pytestmark = pytest.mark.django_db


def last(event: str | None = None) -> LedgerEntry:
    qs = LedgerEntry.objects.order_by("-seq")
    return (qs.filter(event=event) if event else qs).first()


def test_create_update_delete_are_recorded_with_actor_and_values(world):
    with acting_as(actor_for_user(world.province_sysadmin, "10.0.0.1")):
        org = make_org(roles.CLIENT, "140100", name="记录测试单位", client_kind="enterprise")
        created = last("create")
        assert created.object_repr == "记录测试单位" and created.after["client_kind"] == "enterprise"
        assert created.actor_name == world.province_sysadmin.username
        assert created.organization_name == world.province.name and created.ip_address == "10.0.0.1"

        org.address = "新地址"
        org.save()
        updated = last("update")
        assert updated.before == {"address": ""} and updated.after == {"address": "新地址"}

        org.save()  # nothing changed: no entry
        assert last().seq == updated.seq

        org_id = org.pk
        org.delete()
        deleted = last("delete")
        assert deleted.object_id == str(org_id) and deleted.before["name"] == "记录测试单位"


def test_id_numbers_are_masked_in_the_ledger_and_encrypted_at_rest(world):
    user = make_user(world.client_a)
    user.id_number = "11010519491231002X"
    user.save()
    entry = last("update")
    assert entry.after["id_number"] == "110105********002X"
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM accounts_user WHERE id = %s", [user.pk])
        stored = cursor.fetchone()[0]
    assert "11010519491231002X" not in stored
    user.refresh_from_db()
    assert user.id_number == "11010519491231002X"
    assert "password" not in json.dumps(entry.after)


def test_rolled_back_change_leaves_no_entry(world):
    before = LedgerEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_org(roles.CLIENT, "140100", client_kind="organ")
        raise RuntimeError("half-way failure")
    assert LedgerEntry.objects.count() == before
    assert (
        not Organization.objects.filter(name__startswith="测试委托方")
        .exclude(pk__in=[world.client_a.pk, world.client_b.pk, world.client_far.pk])
        .exists()
    )


def test_entries_cannot_be_changed_or_deleted_through_the_application(world):
    entry = last()
    entry.object_repr = "改"
    with pytest.raises(LedgerImmutableError):
        entry.save()
    with pytest.raises(LedgerImmutableError):
        entry.delete()
    with pytest.raises(LedgerImmutableError):
        LedgerEntry.objects.filter(seq=entry.seq).update(object_repr="改")
    with pytest.raises(LedgerImmutableError):
        LedgerEntry.objects.all().delete()


def test_role_change_and_verification_are_security_events(world):
    target = make_user(world.province)
    with acting_as(actor_for_user(world.province_secadmin)):
        from dangan.accounts.services import set_roles

        set_roles(target, {roles.REGULATOR_OFFICER})
    change = last("role_change")
    assert change.actor_name == world.province_secadmin.username
    assert change.after["roles"] == [roles.REGULATOR_OFFICER]
    report = services.verify_database()
    assert report.ok
    assert last().event == "ledger_verify" and last().after["ok"] is True


def test_tampering_in_the_database_is_found_and_named(world):
    target = LedgerEntry.objects.order_by("seq")[3]
    tamper_ledger("UPDATE ledger_ledgerentry SET actor_name = %s WHERE seq = %s", ["伪造者", target.seq])
    report = services.verify_database(record=False)
    assert not report.ok and report.first_broken_seq == target.seq


def test_deleting_an_entry_in_the_database_is_found(world):
    target = LedgerEntry.objects.order_by("seq")[2]
    tamper_ledger("DELETE FROM ledger_ledgerentry WHERE seq = %s", [target.seq])
    report = services.verify_database(record=False)
    assert not report.ok and report.first_broken_seq == target.seq + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_trigger_rejects_update_and_delete(world):
    from django.db.utils import DatabaseError

    for sql in ("UPDATE ledger_ledgerentry SET actor_name = 'x'", "DELETE FROM ledger_ledgerentry"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql)


def test_export_then_verify_file_on_another_machine(world, tmp_path):
    path = tmp_path / "ledger.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        count = services.export_jsonl(handle)
    assert count == LedgerEntry.objects.count()
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[-1])["event"] == "ledger_export"
    # The file verifies with nothing but the package: a fresh interpreter without Django settings.
    result = subprocess.run(
        [sys.executable, "-m", "dangan.cli", "ledger", "verify", "--file", str(path), "--json"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["checked"] == count
    lines = path.read_text(encoding="utf-8").splitlines()
    tampered = json.loads(lines[1])
    tampered["after"] = {"name": "改名"}
    lines[1] = json.dumps(tampered, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = subprocess.run(
        [sys.executable, "-m", "dangan.cli", "ledger", "verify", "--file", str(path)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert broken.returncode == 1
    assert "第 2 条" in broken.stdout
