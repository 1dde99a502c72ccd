from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangan.ledger.models import LedgerEntry
from dangan.supervision.services.work_ledger import Period, analysis, work_ledger

pytestmark = pytest.mark.django_db


def _export(flow, fmt):
    c = Client()
    c.force_login(flow.client_a_manager)
    today = timezone.localdate()
    return c.get(
        reverse("supervision:work_ledger_export", args=[flow.project.pk, fmt]),
        {"period": "month", "year": today.year, "index": today.month},
    )


def test_ledger_is_chronological_and_complete(flow):
    rows = work_ledger(flow.project)
    assert [r.at for r in rows] == sorted(r.at for r in rows)
    sources = {r.source for r in rows}
    assert {"inspection", "finding", "rectification"} <= sources


def test_monthly_analysis_counts(flow):
    today = timezone.localdate()
    result = analysis(flow.project, Period("month", today.year, today.month))
    assert result["findings"] == 1
    assert result["category_counts"] == [{"name": "设备与存储介质", "value": 1}]
    assert result["severity_counts"] == [{"name": "重大", "value": 1}]
    quarter = analysis(flow.project, Period("quarter", today.year, (today.month - 1) // 3 + 1))
    assert quarter["findings"] == 1
    other_year = analysis(flow.project, Period("month", today.year - 1, today.month))
    assert other_year["findings"] == 0


def test_period_parse_falls_back_on_nonsense():
    p = Period.parse("quarter", "2026", "9")
    assert p.kind == "quarter" and 1 <= p.index <= 4
    assert Period("quarter", 2026, 4).next_first_day.isoformat() == "2027-01-01"


def test_excel_export(flow):
    response = _export(flow, "xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ledger_sheet = wb["工作台账"]
    texts = " ".join(str(c.value) for row in ledger_sheet.iter_rows() for c in row if c.value)
    assert "作业区发现手机" in texts and "SEC14-2.8" in texts
    assert wb["定期分析"]._charts, "analysis sheet has charts"
    assert LedgerEntry.objects.filter(event="supervision_analysis", object_id=str(flow.project.pk)).exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_export_has_the_chinese_text(flow, tmp_path):
    response = _export(flow, "pdf")
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    pdf = tmp_path / "ledger.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for phrase in ("外包项目管理档案", "工作台账", flow.project.name, "作业区发现手机", "定期分析"):
        assert phrase in text.replace(" ", "")
