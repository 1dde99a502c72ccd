"""Audit ledger viewer: list, detail, chain verification (htmx) and JSONL export.

Only 安全审计员 may read the ledger (capability ledger.view); a 系统管理员 is refused with 403,
which is the 三员 separation: the people who change the system do not read its audit trail.
"""

from __future__ import annotations

import io
import json
import tempfile
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import generic

from dangan.core.views import CapabilityRequiredMixin, ObjectDetailView, ObjectListView

from . import services
from .filtersets import LedgerFilterSet
from .models import LedgerEntry
from .tables import LedgerTable


class LedgerListView(ObjectListView):
    model = LedgerEntry
    capability = "ledger.view"
    table_class = LedgerTable
    filterset_class = LedgerFilterSet
    template_name = "ledger/ledgerentry_list.html"
    title = _("审计日志")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["total"] = LedgerEntry.objects.restrict(self.request.user).count()
        return context


def _pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) if value is not None else ""


class LedgerDetailView(ObjectDetailView):
    model = LedgerEntry
    capability = "ledger.view"
    template_name = "ledger/ledgerentry_detail.html"
    context_object_name = "entry"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entry: LedgerEntry = self.object
        before = entry.before if isinstance(entry.before, dict) else {}
        after = entry.after if isinstance(entry.after, dict) else {}
        rows = []
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key), after.get(key)
            rows.append({
                "field": key,
                "before": _pretty(old) if key in before else "",
                "after": _pretty(new) if key in after else "",
                "changed": key in before and key in after and old != new,
            })
        context.update(
            rows=rows,
            before_json=_pretty(entry.before),
            after_json=_pretty(entry.after),
            event_label=gettext(entry.event_label),
            previous=LedgerEntry.objects.restrict(self.request.user).filter(seq__lt=entry.seq).order_by("-seq")
            .values_list("seq", flat=True).first(),
            following=LedgerEntry.objects.restrict(self.request.user).filter(seq__gt=entry.seq)
            .order_by("seq").values_list("seq", flat=True).first(),
        )
        return context


class LedgerVerifyView(CapabilityRequiredMixin, generic.View):
    """Verifies the whole chain. htmx requests get the result fragment; others a message and a redirect."""

    capability = "ledger.verify"
    http_method_names = ["post"]

    def post(self, request) -> HttpResponse:
        report = services.verify_database()
        if getattr(request, "htmx", False):
            return render(request, "ledger/_verify_result.html", {"report": report})
        if report.ok:
            messages.success(request, report.message())
        else:
            messages.error(request, report.message())
        return redirect("ledger_list")


class LedgerExportView(CapabilityRequiredMixin, generic.View):
    """Downloads the whole ledger as JSON lines; POST because the export is itself recorded in the ledger."""

    capability = "ledger.export"
    http_method_names = ["post"]

    def post(self, request) -> FileResponse:
        raw = tempfile.TemporaryFile()
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        services.export_jsonl(text)
        text.flush()
        text.detach()
        raw.seek(0)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        return FileResponse(
            raw, as_attachment=True, filename=f"dangan-ledger-{stamp}.jsonl", content_type="application/jsonl"
        )
