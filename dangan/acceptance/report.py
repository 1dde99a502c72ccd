"""The acceptance report (验收报告): figures, findings, verdict with its rules, signature block."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from . import services
from .models import AcceptanceRound, QcFinding


def report_limit() -> int:
    return int(getattr(settings, "DANGAN_ACCEPTANCE_REPORT_FINDINGS", 200))


def report_html(rnd: AcceptanceRound) -> str:
    figures, outcome = services.preview(rnd)
    limit = report_limit()
    findings = QcFinding.objects.filter(round=rnd)
    total = findings.count()
    decision = getattr(rnd, "decision", None)
    return render_to_string(
        "acceptance/report_pdf.html",
        {
            "round": rnd,
            "project": rnd.project,
            "figures": figures,
            "outcome": outcome,
            "decision": decision,
            "findings": list(findings[:limit]),
            "findings_rest": max(0, total - limit),
            "by_code": sorted((rnd.summary or {}).get("by_code", {}).items()),
            "by_severity": (rnd.summary or {}).get("by_severity", {}),
            "sample": list(rnd.sample.all()),
            "generated_at": timezone.localtime(),
        },
    )


def report_pdf(rnd: AcceptanceRound) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(rnd)).write_pdf()
