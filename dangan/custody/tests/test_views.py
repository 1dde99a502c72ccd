"""Custody pages for every kind of user: the owner and the assigned provider see them, another client
or provider gets 404, a regulator sees them inside its jurisdiction only, and missing capabilities 403."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dangan.custody import services
from dangan.custody.models import ArchiveUnit, BatchStatus, CustodyIncident, HandoverBatch, HandoverItem

pytestmark = pytest.mark.django_db


def get(user, name, *args, **kw):
    client = Client()
    client.force_login(user)
    return client.get(reverse(name, args=args), **kw)


def post(user, name, args=(), data=None, **kw):
    client = Client()
    client.force_login(user)
    return client.post(reverse(name, args=args), data or {}, **kw)


@pytest.fixture
def handed(cw):
    """One batch out and received, one return batch with a unit missing at receipt."""
    out = services.create_batch(cw.project, "out", cw.client_staff)
    for u in cw.units:
        services.add_to_batch(out, u.archive_no, cw.client_staff)
    services.send_batch(out, cw.client_staff)
    for u in cw.units:
        services.scan_receipt(out, u.archive_no, cw.provider_operator)
    services.confirm_receipt(out, cw.provider_operator)
    back = services.create_batch(cw.project, "return", cw.provider_operator)
    for u in cw.units:
        services.add_to_batch(back, u.archive_no, cw.provider_operator)
    services.send_batch(back, cw.provider_operator)
    for u in cw.units[:-1]:
        services.scan_receipt(back, u.archive_no, cw.client_staff)
    services.confirm_receipt(back, cw.client_staff)
    cw.extra.update(out=out, back=back, incident=CustodyIncident.objects.get())
    return cw


def pages(cw):
    unit = cw.units[0]
    return [
        ("custody:unit_detail", unit.pk),
        ("custody:project", cw.project.pk),
        ("custody:batch_detail", cw.extra["out"].pk),
        ("custody:incident_detail", cw.extra["incident"].pk),
        ("production:board", cw.project.pk),
        ("production:stats", cw.project.pk),
    ]


@pytest.mark.parametrize(
    ("attr", "expected"),
    [
        ("client_a_manager", 200),
        ("provider_a_manager", 200),
        ("city_officer", 200),
        ("province_officer", 200),
        ("client_b_manager", 404),
        ("provider_b_manager", 404),
        ("other_officer", 404),
    ],
)
def test_scoping_matrix_of_every_object_page(handed, attr, expected):
    user = getattr(handed.world, attr)
    for name, pk in pages(handed):
        assert get(user, name, pk).status_code == expected, (name, attr)


@pytest.mark.parametrize(
    "name",
    [
        "custody:unit_list",
        "custody:project_list",
        "custody:batch_list",
        "custody:incident_list",
        "production:index",
    ],
)
def test_lists_show_only_what_is_in_scope(handed, name):
    w = handed.world
    assert get(w.client_a_manager, name).status_code == 200
    other = get(w.client_b_manager, name).content.decode()
    assert handed.units[0].archive_no not in other and handed.project.name not in other


def test_unit_list_shows_state_badges_and_filters(handed):
    w = handed.world
    html = get(w.client_a_manager, "custody:unit_list", data={"custody_state": "missing"}).content.decode()
    assert handed.units[-1].archive_no in html and handed.units[0].archive_no not in html
    assert 'data-state="missing"' in html
    provider_html = get(w.provider_a_manager, "custody:unit_list").content.decode()
    assert handed.units[0].archive_no in provider_html  # the provider sees the units of its projects


def test_reconciliation_page_shows_counts_missing_units_and_the_incident(handed):
    html = get(handed.world.city_officer, "custody:project", handed.project.pk).content.decode()
    assert 'data-state-count="returned">4<' in html and 'data-state-count="missing">1<' in html
    assert handed.units[-1].archive_no in html and 'data-incident-kind="missing"' in html
    assert "CUSTODY：尚有 1 卷（件）原件未归还或下落不明" in html


def test_unit_detail_shows_custody_history(handed):
    html = get(handed.world.client_a_manager, "custody:unit_detail", handed.units[-1].pk).content.decode()
    assert handed.extra["out"].number in html and handed.extra["back"].number in html and "缺失" in html


def test_add_and_edit_units_need_the_capability(handed):
    w = handed.world
    assert get(w.client_a_manager, "custody:unit_add").status_code == 200
    assert get(w.client_a_sysadmin, "custody:unit_add").status_code == 403
    assert get(w.provider_a_manager, "custody:unit_edit", handed.units[0].pk).status_code == 403
    assert get(w.client_b_manager, "custody:unit_edit", handed.units[0].pk).status_code == 404


def test_unit_form_refuses_a_bad_archive_no_naming_the_rule(handed):
    response = post(
        handed.world.client_a_manager,
        "custody:unit_add",
        data={"archive_no": "2011-文书-1", "level": "item", "title": "x"},
    )
    assert response.status_code == 200 and "DAT22/13/18" in response.content.decode()
    response = post(
        handed.world.client_a_manager,
        "custody:unit_add",
        data={"archive_no": "Z109-WS.2012-Y-BGS-0001", "level": "item", "title": "新件", "date": "20120105"},
    )
    assert response.status_code == 302
    unit = ArchiveUnit.objects.get(archive_no="Z109-WS·2012-Y-BGS-0001")
    assert unit.year == 2012 and unit.owner == handed.world.client_a


def test_adding_a_classified_unit_to_the_project_is_refused_on_the_page(handed):
    from dangan.custody.testing import make_units

    [secret] = make_units(handed.world.client_a, 1, start=900, classification="机密")
    client = Client()
    client.force_login(handed.world.client_a_manager)
    response = client.post(
        reverse("custody:project_add_units", args=[handed.project.pk]),
        {"archive_nos": secret.archive_no},
        follow=True,
    )
    assert "SX-3.1-c：未进行解密处理的涉密档案不得外包进行数字化或整理" in response.content.decode()
    assert not secret.project_units.exists()


def test_scanning_with_htmx_gives_immediate_feedback(cw):
    batch = services.create_batch(cw.project, "out", cw.client_staff)
    client = Client()
    client.force_login(cw.client_staff)
    url = reverse("custody:batch_scan", args=[batch.pk])
    ok = client.post(url, {"code": cw.units[0].archive_no}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-ok="true"' in ok and "✓" in ok and 'hx-swap-oob="true"' in ok
    again = client.post(url, {"code": cw.units[0].archive_no}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-code="already"' in again and "已在本交接单中" in again
    unknown = client.post(url, {"code": "X1-WS·2011-Y-0001"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-code="not_found"' in unknown
    assert HandoverItem.objects.filter(batch=batch).count() == 1


def test_batch_actions_need_the_right_side(cw):
    w = cw.world
    assert (
        post(w.provider_b_manager, "custody:batch_add", (cw.project.pk,), {"direction": "out"}).status_code
        == 404
    )
    # the provider's manager may not create the client's outgoing batch: refused with the rule
    response = post(w.provider_a_manager, "custody:batch_add", (cw.project.pk,), {"direction": "out"})
    assert response.status_code == 302 and not HandoverBatch.objects.exists()
    assert (
        post(w.city_officer, "custody:batch_add", (cw.project.pk,), {"direction": "out"}).status_code == 403
    )
    assert (
        post(w.client_a_sysadmin, "custody:batch_add", (cw.project.pk,), {"direction": "out"}).status_code
        == 403
    )
    response = post(w.client_a_manager, "custody:batch_add", (cw.project.pk,), {"direction": "out"})
    batch = HandoverBatch.objects.get()
    assert response.url == reverse("custody:batch_detail", args=[batch.pk])
    assert post(w.city_officer, "custody:batch_scan", (batch.pk,), {"code": "x"}).status_code == 403
    assert post(w.client_b_manager, "custody:batch_send", (batch.pk,)).status_code == 404
    post(w.client_a_manager, "custody:batch_scan", (batch.pk,), {"code": cw.units[0].archive_no})
    post(w.client_a_manager, "custody:batch_send", (batch.pk,))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SENT and batch.sent_by == w.client_a_manager


def test_handover_pdf_has_a_qr_per_unit(handed):
    import io

    from pypdf import PdfReader

    response = get(handed.world.provider_a_manager, "custody:batch_pdf", handed.extra["out"].pk)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "交接单号：" in text and handed.units[0].archive_no.replace("·", "") in text.replace("·", "")
    assert get(handed.world.other_officer, "custody:batch_pdf", handed.extra["out"].pk).status_code == 404


def test_pdf_html_embeds_one_qr_image_per_unit(handed):
    from dangan.custody.pdf import handover_html

    html = handover_html(handed.extra["out"])
    assert html.count('class="qr"') == len(handed.units)
    assert "交出方" in html and "接收方" in html and "签字" in html


def test_incident_is_resolved_by_the_client_only(handed):
    w = handed.world
    incident = handed.extra["incident"]
    assert (
        post(w.provider_a_manager, "custody:incident_detail", (incident.pk,), {"resolution": "x"}).status_code
        == 403
    )
    response = post(
        w.client_a_manager,
        "custody:incident_detail",
        (incident.pk,),
        {"resolution": "已找到", "found_in_storage": "on"},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.resolved_at is not None
    assert services.close_problems(handed.project) == []
