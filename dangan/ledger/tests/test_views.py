"""Ledger viewer: only 安全审计员 read it, scoped by organization/jurisdiction; verification and export."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from dangan.accounts import roles
from dangan.accounts.models import User
from dangan.core.testing import make_user, tamper_ledger
from dangan.ledger import chain
from dangan.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)  # also appends a login_success entry in the user's organization
    return client


def test_only_auditors_open_the_ledger(world):
    assert client_for(world.province_auditor).get(reverse("ledger_list")).status_code == 200
    for user in (
        world.province_sysadmin,
        world.province_secadmin,
        world.province_officer,
        world.client_a_manager,
    ):
        assert client_for(user).get(reverse("ledger_list")).status_code == 403, user.username
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert (
        client_for(world.province_sysadmin).get(reverse("ledger_detail", args=[entry.seq])).status_code == 403
    )


def test_ledger_list_is_scoped_to_jurisdiction(world):
    client_for(world.client_far_manager)  # an entry in the 410000 province
    client_for(world.client_a_manager)  # an entry in 140100
    response = client_for(world.province_auditor).get(reverse("ledger_list"), {"event": "login_success"})
    actors = {e.actor_name for e in response.context["table"].data}
    assert world.client_a_manager.username in actors
    assert world.client_far_manager.username not in actors


def test_ledger_detail_in_and_out_of_scope(world):
    client_for(world.client_far_manager)
    far_entry = LedgerEntry.objects.filter(actor_id=world.client_far_manager.pk).latest("seq")
    client_for(world.client_a_manager)
    near_entry = LedgerEntry.objects.filter(actor_id=world.client_a_manager.pk).latest("seq")
    auditor = client_for(world.province_auditor)
    response = auditor.get(reverse("ledger_detail", args=[near_entry.seq]))
    assert response.status_code == 200
    html = response.content.decode()
    assert near_entry.hash in html and near_entry.prev_hash in html
    assert auditor.get(reverse("ledger_detail", args=[far_entry.seq])).status_code == 404
    assert (
        client_for(world.other_auditor).get(reverse("ledger_detail", args=[far_entry.seq])).status_code == 200
    )
    # a client's auditor sees only its own organization's entries
    client_auditor = make_user(world.client_b, roles.AUDITOR)
    assert client_for(client_auditor).get(reverse("ledger_detail", args=[near_entry.seq])).status_code == 404


def test_ledger_detail_shows_before_and_after_side_by_side(world):
    admin = Client()
    admin.force_login(world.province_sysadmin)
    admin.post(
        reverse("organization_edit", args=[world.client_a.pk]),
        {
            "name": world.client_a.name,
            "kind": roles.CLIENT,
            "client_kind": "organ",
            "region_code": "140100",
            "parent": "",
            "uscc": "",
            "address": "新地址一号",
            "contact_person": "",
            "contact_phone": "",
            "is_active": "on",
        },
    )
    entry = LedgerEntry.objects.filter(event="update", object_type="accounts.organization").latest("seq")
    response = client_for(world.province_auditor).get(reverse("ledger_detail", args=[entry.seq]))
    rows = {row["field"]: row for row in response.context["rows"]}
    assert rows["address"]["changed"] is True
    assert "新地址一号" in rows["address"]["after"]
    assert "新地址一号" in response.content.decode()


def test_ledger_filters(world):
    client_for(world.client_a_manager)
    auditor = client_for(world.province_auditor)
    response = auditor.get(reverse("ledger_list"), {"actor": world.client_a_manager.username})
    assert {e.actor_name for e in response.context["table"].data} == {world.client_a_manager.username}
    response = auditor.get(reverse("ledger_list"), {"object_type": "accounts.user", "event": "role_change"})
    assert all(e.event == "role_change" for e in response.context["table"].data)
    response = auditor.get(reverse("ledger_list"), {"since": "2000-01-01", "until": "2000-01-02"})
    assert len(response.context["table"].data) == 0


def test_verify_with_htmx_reports_an_intact_chain(world):
    auditor = client_for(world.province_auditor)
    response = auditor.post(reverse("ledger_verify"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "alert-success" in html and "审计日志完整" in html
    assert "<html" not in html  # a fragment for htmx to swap in, not a page
    assert LedgerEntry.objects.filter(event="ledger_verify", actor_id=world.province_auditor.pk).exists()


def test_verify_names_the_first_broken_entry(world):
    target = LedgerEntry.objects.order_by("seq")[2]
    tamper_ledger("UPDATE ledger_ledgerentry SET actor_name = %s WHERE seq = %s", ["mallory", target.seq])
    response = client_for(world.province_auditor).post(reverse("ledger_verify"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "alert-danger" in html
    assert f"第 {target.seq} 条" in html
    assert reverse("ledger_detail", args=[target.seq]) in html


def test_verify_without_htmx_redirects_with_a_message(world):
    response = client_for(world.province_auditor).post(reverse("ledger_verify"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("ledger_list")
    assert "审计日志完整" in response.content.decode()


def test_verify_needs_the_capability_and_post(world):
    assert client_for(world.province_sysadmin).post(reverse("ledger_verify")).status_code == 403
    assert client_for(world.province_auditor).get(reverse("ledger_verify")).status_code == 405


def test_export_downloads_a_verifiable_jsonl(world):
    response = client_for(world.province_auditor).post(reverse("ledger_export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    lines = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert len(lines) == LedgerEntry.objects.count()
    assert any(line["event"] == "ledger_export" for line in lines)
    assert chain.verify_chain(lines).ok


def test_export_is_for_regulator_auditors_only(world):
    client_auditor = make_user(world.client_a, roles.AUDITOR)
    assert client_for(client_auditor).get(reverse("ledger_list")).status_code == 200
    assert client_for(client_auditor).post(reverse("ledger_export")).status_code == 403
    assert client_for(world.province_sysadmin).post(reverse("ledger_export")).status_code == 403
    html = client_for(client_auditor).get(reverse("ledger_list")).content.decode()
    assert 'data-testid="export-button"' not in html
    assert 'data-testid="verify-button"' in html
