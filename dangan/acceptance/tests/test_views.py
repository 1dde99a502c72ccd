"""Pages: scoping matrix, capabilities, the image view's refusals, progress polling and the report PDF."""

from __future__ import annotations

import os
import subprocess

import pytest
from django.urls import reverse

from dangan.acceptance import services
from dangan.acceptance.models import AcceptanceRound, SampleItem

from .helpers import clean_delivery, defective_delivery


@pytest.fixture
def rnd(aw, django_capture_on_commit_callbacks) -> AcceptanceRound:
    with django_capture_on_commit_callbacks(execute=True):
        r = services.submit_round(aw.project, aw.world.provider_a_manager, str(defective_delivery(aw.root)))
    r.refresh_from_db()
    return r


def pages(rnd: AcceptanceRound) -> list[str]:
    item = SampleItem.objects.filter(round=rnd).first()
    first_file = rnd.items[0]["files"][0]
    return [
        reverse("acceptance:project", args=[rnd.project_id]),
        reverse("acceptance:round_detail", args=[rnd.pk]),
        reverse("acceptance:round_progress", args=[rnd.pk]),
        reverse("acceptance:round_image", args=[rnd.pk]) + f"?file={first_file}",
        reverse("acceptance:sample_review", args=[item.pk]),
        reverse("acceptance:report", args=[rnd.pk]),
    ]


def test_scoping_matrix(client, aw, rnd):
    w = aw.world
    for user, expected in (
        (w.client_a_manager, 200),
        (aw.client_staff, 200),
        (w.provider_a_manager, 200),
        (w.city_officer, 200),
        (w.province_officer, 200),
        (w.client_b_manager, 404),
        (w.provider_b_manager, 404),
        (w.other_officer, 404),
    ):
        client.force_login(user)
        for url in pages(rnd):
            assert client.get(url).status_code == expected, (user.username, url)
        listing = client.get(reverse("acceptance:round_list")).content.decode()
        assert (aw.project.name in listing) == (expected == 200), user.username


def test_capabilities_refuse_with_403(client, aw, rnd):
    w = aw.world
    decide = reverse("acceptance:decide", args=[rnd.pk])
    submit = reverse("acceptance:submit", args=[aw.project.pk])
    item = SampleItem.objects.filter(round=rnd).first()
    review = reverse("acceptance:sample_review", args=[item.pk])
    for user in (w.provider_a_manager, w.city_officer):
        client.force_login(user)
        assert client.get(decide).status_code == 403
        assert client.post(review, {"correspondence": "pass"}).status_code == 403
    for user in (w.client_a_manager, w.city_officer, aw.provider_operator):
        client.force_login(user)
        assert client.post(submit, {"delivery_path": "x"}).status_code == 403
    client.force_login(w.client_b_manager)
    assert client.get(decide).status_code == 404
    client.force_login(w.provider_b_manager)
    assert client.post(submit, {"delivery_path": "x"}).status_code == 404


def test_submit_review_and_decide_through_the_pages(client, aw, rnd):
    w = aw.world
    client.force_login(w.client_a_manager)
    page = client.get(reverse("acceptance:round_detail", args=[rnd.pk])).content.decode()
    assert "PAGE_COUNT_MISMATCH" in page and "DAT31-11" in page
    item = SampleItem.objects.filter(round=rnd).first()
    url = reverse("acceptance:sample_review", args=[item.pk])
    review_page = client.get(url).content.decode()
    assert item.title in review_page and "目录行号" in review_page
    bad = client.post(
        url, {"correspondence": "fail", "image_quality": "pass", "completeness": "pass", "naming": "pass"}
    )
    assert bad.status_code == 400 and "请写明页码和问题" in bad.content.decode()
    ok = client.post(
        url,
        {
            "correspondence": "fail",
            "image_quality": "pass",
            "completeness": "pass",
            "naming": "pass",
            "reason": "第2页缺失",
        },
    )
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.correspondence == "fail" and item.reviewer == w.client_a_manager
    response = client.post(reverse("acceptance:decide", args=[rnd.pk]), {"deadline": "2000-01-01"})
    assert response.status_code == 400 and "整改期限不能早于今天" in response.content.decode()
    response = client.post(reverse("acceptance:decide", args=[rnd.pk]), {"comments": "缺页"})
    assert response.status_code == 302
    rnd.refresh_from_db()
    assert rnd.status == "refused" and rnd.decision.rectification_order is not None
    history = client.get(reverse("acceptance:project", args=[aw.project.pk])).content.decode()
    assert rnd.decision.rectification_order.number in history and "DAT31-12" in history

    client.force_login(w.provider_a_manager)
    folder = clean_delivery(aw.root, "batch2")
    response = client.post(
        reverse("acceptance:submit", args=[aw.project.pk]),
        {"delivery_path": "../../etc", "catalog_source": "auto", "profile": "DA/T 31-2017"},
    )
    assert response.status_code == 302
    assert "交付根目录" in client.get(response.url).content.decode()
    response = client.post(
        reverse("acceptance:submit", args=[aw.project.pk]),
        {"delivery_path": folder.name, "catalog_source": "auto", "profile": "DA/T 31-2017", "note": "已整改"},
    )
    assert response.status_code == 302
    second = AcceptanceRound.objects.get(project=aw.project, number=2)
    assert response.url == second.get_absolute_url()


def test_image_view_serves_only_files_of_the_delivery(client, aw, rnd, tmp_path):
    client.force_login(aw.world.client_a_manager)
    url = reverse("acceptance:round_image", args=[rnd.pk])
    first = rnd.items[0]["files"][0]
    response = client.get(url, {"file": first})
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")
    secret = tmp_path / "secret.jpg"
    secret.write_bytes((aw.root / "batch0" / first).read_bytes())
    os.symlink(secret, aw.root / "batch0" / "link.jpg")
    for bad in ("../../secret.jpg", str(secret), "link.jpg", "目录.csv", "../batch0/" + first, ""):
        assert client.get(url, {"file": bad}).status_code == 404, bad


def test_large_and_tiff_images_are_reduced_for_display(client, aw, rnd, settings):
    from io import BytesIO

    from PIL import Image

    settings.DANGAN_ACCEPTANCE_IMAGE_MAX_PX = 300
    client.force_login(aw.world.client_a_manager)
    first = rnd.items[0]["files"][0]
    response = client.get(reverse("acceptance:round_image", args=[rnd.pk]), {"file": first})
    im = Image.open(BytesIO(response.content))
    assert max(im.size) <= 300


def test_progress_polls_while_checking_and_refreshes_when_done(client, aw, rnd):
    client.force_login(aw.world.client_a_manager)
    url = reverse("acceptance:round_progress", args=[rnd.pk])
    AcceptanceRound.objects.filter(pk=rnd.pk).update(status="checking", progress_done=3, progress_total=8)
    body = client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in body.content.decode() and "已检 3 页，共 8 页" in body.content.decode()
    assert "HX-Refresh" not in body
    AcceptanceRound.objects.filter(pk=rnd.pk).update(status="reviewing", progress_done=8)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and "every 1s" not in done.content.decode()


def test_report_pdf_has_figures_findings_verdict_and_signatures(client, aw, rnd, tmp_path):
    services.decide(rnd, aw.client_staff, comments="缺页须补扫")
    client.force_login(aw.world.city_officer)
    response = client.get(reverse("acceptance:report", args=[rnd.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    compact = "".join(text.split())
    for needle in (
        "数字化成果验收报告",
        "测试数字化项目",
        "PAGE_COUNT_MISMATCH",
        "不予验收通过",
        "DAT31-12",
        "SX-3.3-c",
        "委托方（盖章）",
        "服务方（盖章）",
        "验收组",
        "缺页须补扫",
        rnd.decision.rectification_order.number,
    ):
        assert needle in compact, needle
