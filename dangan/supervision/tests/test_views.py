"""Every page as the owner, another organization of the same kind (404), regulators in and out of the
jurisdiction, and without the capability (403)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dangan.supervision.models import Incident, NegativeListEntry, Notice, Notification, OrderStatus
from dangan.supervision.services import incidents as inc
from dangan.supervision.services import regulator

pytestmark = pytest.mark.django_db


def get(user, url):
    c = Client()
    c.force_login(user)
    return c.get(url)


def post(user, url, data):
    c = Client()
    c.force_login(user)
    return c.post(url, data)


def status_matrix(flow, url):
    return {
        "owner": get(flow.client_a_manager, url).status_code,
        "provider": get(flow.provider_a_manager, url).status_code,
        "other_client": get(flow.client_b_manager, url).status_code,
        "other_provider": get(flow.provider_b_manager, url).status_code,
        "regulator_in": get(flow.city_officer, url).status_code,
        "regulator_out": get(flow.other_officer, url).status_code,
    }


def test_inspection_detail_scoping(flow):
    url = reverse("supervision:inspection_detail", args=[flow.inspection.pk])
    assert status_matrix(flow, url) == {
        "owner": 200,
        "provider": 200,
        "other_client": 404,
        "other_provider": 404,
        "regulator_in": 200,
        "regulator_out": 404,
    }


def test_rectification_detail_scoping(flow):
    url = reverse("supervision:rectification_detail", args=[flow.order.pk])
    assert status_matrix(flow, url) == {
        "owner": 200,
        "provider": 200,
        "other_client": 404,
        "other_provider": 404,
        "regulator_in": 200,
        "regulator_out": 404,
    }


def test_work_ledger_scoping_and_export_capability(flow):
    url = reverse("supervision:work_ledger", args=[flow.project.pk])
    assert status_matrix(flow, url) == {
        "owner": 200,
        "provider": 200,
        "other_client": 404,
        "other_provider": 404,
        "regulator_in": 200,
        "regulator_out": 404,
    }
    export = reverse("supervision:work_ledger_export", args=[flow.project.pk, "xlsx"])
    assert get(flow.provider_a_manager, export).status_code == 403
    assert get(flow.client_b_manager, export).status_code == 404
    assert get(flow.client_a_manager, export).status_code == 200


def test_incident_scoping(flow):
    incident = inc.open_incident(
        flow.client_a_manager, flow.project, kind="damage", title="水渍", description="x"
    )
    url = reverse("supervision:incident_detail", args=[incident.pk])
    assert status_matrix(flow, url) == {
        "owner": 200,
        "provider": 200,
        "other_client": 404,
        "other_provider": 404,
        "regulator_in": 200,
        "regulator_out": 404,
    }


def test_lists_show_only_what_is_in_scope(flow):
    url = reverse("supervision:rectification_list")
    assert flow.order.number in get(flow.provider_a_manager, url).content.decode()
    assert flow.order.number not in get(flow.provider_b_manager, url).content.decode()
    assert flow.order.number not in get(flow.other_officer, url).content.decode()
    assert flow.order.number in get(flow.province_officer, url).content.decode()
    body = get(flow.client_b_manager, reverse("supervision:finding_list")).content.decode()
    assert "作业区发现手机" not in body


def test_capability_403s(flow):
    assert get(flow.provider_a_manager, reverse("supervision:inspection_add")).status_code == 403
    assert get(flow.province_auditor, reverse("supervision:inspection_add")).status_code == 403
    assert get(flow.client_a_manager, reverse("supervision:regulator_home")).status_code == 403
    assert get(flow.client_a_manager, reverse("supervision:negative_list")).status_code == 403
    assert get(flow.client_a_manager, reverse("supervision:notice_add")).status_code == 403
    assert get(flow.provider_a_operator, reverse("supervision:incident_add")).status_code == 403
    assert get(flow.city_officer, reverse("supervision:regulator_home")).status_code == 200
    # A provider's operator may not answer an order; the provider's manager may.
    url = reverse("supervision:rectification_detail", args=[flow.order.pk])
    assert post(flow.provider_a_operator, url, {"action": "respond", "response": "x"}).status_code == 403
    post(flow.provider_a_manager, url, {"action": "respond", "response": "已整改"})
    flow.order.refresh_from_db()
    assert flow.order.status == OrderStatus.RESPONDED


def test_closing_unreported_incident_shows_the_rule(flow):
    incident = inc.open_incident(
        flow.client_a_manager, flow.project, kind="leak", title="泄露", description="x"
    )
    c = Client()
    c.force_login(flow.client_a_manager)
    response = c.post(
        reverse("supervision:incident_detail", args=[incident.pk]), {"action": "close"}, follow=True
    )
    assert "LAW-44：" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).status == "open"


def test_client_inspection_through_the_form(sw):
    c = Client()
    c.force_login(sw.client_a_staff)
    from dangan.supervision.models import InspectionTemplate

    t = InspectionTemplate.objects.get(code="client-onsite-digitization")
    r = c.post(
        reverse("supervision:inspection_add"),
        {
            "kind": "client_onsite",
            "project": sw.project.pk,
            "template": t.pk,
            "date": "2026-01-05",
            "inspectors": "郑某",
        },
    )
    assert r.status_code == 302
    # Another client's project is not even offered.
    r = c.post(
        reverse("supervision:inspection_add"),
        {"kind": "client_onsite", "project": sw.project_b.pk, "date": "2026-01-05", "inspectors": "郑某"},
    )
    assert r.status_code == 200 and "project" in r.context["form"].errors


def test_regulator_pages(flow):
    regulator.take_action(flow.city_officer, flow.provider_a, "summons", "约谈")
    body = get(flow.city_officer, reverse("supervision:regulator_home")).content.decode()
    assert flow.project.name in body and "远方项目" not in body
    credit = get(flow.city_officer, reverse("supervision:credit_list")).content.decode()
    assert flow.provider_a.name in credit and "关注" in credit
    assert get(flow.city_officer, reverse("supervision:regulator_export")).status_code == 200


def test_public_negative_list_shows_only_published(sw):
    hidden = regulator.add_to_negative_list(sw.city_officer, sw.provider_a, "未公开的事由")
    # provider_b (140200) is outside the city's jurisdiction but inside the province's.
    regulator.add_to_negative_list(sw.province_officer, sw.provider_b, "已公开的事由", published=True)
    body = Client().get(reverse("supervision:public_negative_list")).content.decode()
    assert "已公开的事由" in body and "未公开的事由" not in body
    post(sw.city_officer, reverse("supervision:negative_list"), {"entry": hidden.pk, "published": "1"})
    assert NegativeListEntry.objects.get(pk=hidden.pk).published
    # Another regulator cannot toggle it.
    post(sw.other_officer, reverse("supervision:negative_list"), {"entry": hidden.pk, "published": "0"})
    assert NegativeListEntry.objects.get(pk=hidden.pk).published


def test_notice_detail_scoping(flow):
    notice = regulator.create_notice(
        flow.city_officer, "关于现场管理的通报", "正文", [flow.provider_a], publish=True
    )
    url = reverse("supervision:notice_detail", args=[notice.pk])
    assert get(flow.provider_a_manager, url).status_code == 200
    assert get(flow.provider_b_manager, url).status_code == 404
    assert get(flow.other_officer, url).status_code == 404
    assert Notice.objects.count() == 1


def test_notifications_are_personal(flow):
    mine = Notification.objects.filter(user=flow.provider_a_manager).first()
    assert mine is not None
    body = get(flow.provider_a_manager, reverse("supervision:notification_list")).content.decode()
    assert flow.order.number in body
    assert (
        flow.order.number
        not in get(flow.provider_b_manager, reverse("supervision:notification_list")).content.decode()
    )
    post(flow.provider_b_manager, reverse("supervision:notification_list"), {"id": mine.pk})
    assert not Notification.objects.get(pk=mine.pk).read
    post(flow.provider_a_manager, reverse("supervision:notification_list"), {"id": mine.pk})
    assert Notification.objects.get(pk=mine.pk).read
