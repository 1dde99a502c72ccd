"""The printable 交接单: one row per unit with its QR code, and signature lines for both parties."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import timezone

from .models import HandoverBatch


def qr_data_uri(text: str) -> str:
    return segno.make(text, micro=False, error="m").svg_data_uri(scale=2, border=1)


def handover_html(batch: HandoverBatch) -> str:
    items = [
        {"item": item, "qr": qr_data_uri(item.unit.archive_no)}
        for item in batch.items.select_related("unit").order_by("unit__archive_no")
    ]
    total_pages = sum(row["item"].unit.pages or 0 for row in items)
    return render_to_string(
        "custody/handover_pdf.html",
        {"batch": batch, "rows": items, "total_pages": total_pages, "printed_at": timezone.localtime()},
    )


def handover_pdf(batch: HandoverBatch) -> bytes:
    from weasyprint import HTML

    return HTML(string=handover_html(batch)).write_pdf()
