"""Excel (openpyxl) and PDF (WeasyPrint, Noto CJK) exports: the work ledger with its periodic analysis —
the 外包项目管理档案 of SEC14-2.7 — and the regulator's tables. Charts: openpyxl bar charts in Excel,
server-drawn SVG bars in the PDF (WeasyPrint runs no JavaScript)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font


def svg_bars(data: Sequence[dict[str, Any]], width: int = 460, bar_height: int = 18) -> SafeString:
    """A horizontal bar chart as inline SVG: [{"name": …, "value": …}]."""
    if not data:
        return mark_safe('<p class="muted">（无数据）</p>')
    top = max(d["value"] for d in data) or 1
    label_w, gap = 150, 6
    height = len(data) * (bar_height + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    ]
    for n, d in enumerate(data):
        y = n * (bar_height + gap)
        w = int((width - label_w - 40) * d["value"] / top)
        parts.append(
            f'<text x="0" y="{y + bar_height - 5}" font-size="10">{escape(d["name"])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{max(w, 1)}" height="{bar_height}" fill="#1f4e79"/>'
            f'<text x="{label_w + w + 4}" y="{y + bar_height - 5}" font-size="10">{d["value"]}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _cell(value: Any) -> Any:
    """openpyxl refuses lazily translated labels (model choices); write them as the text they stand for."""
    if value is None:
        return ""
    return str(value) if isinstance(value, Promise) else value


def _sheet(
    wb: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], first: bool = False
) -> Any:
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
    for col, name in zip("ABCDEFGHIJKLMNOP", header, strict=False):
        ws.column_dimensions[col].width = max(12, min(60, len(name) * 3))
    return ws


def _chart(ws: Any, title: str, data: Sequence[dict[str, Any]], anchor: str, start_row: int) -> None:
    if not data:
        return
    ws.cell(row=start_row, column=1, value=title).font = Font(bold=True)
    for n, d in enumerate(data, start=1):
        ws.cell(row=start_row + n, column=1, value=_cell(d["name"]))
        ws.cell(row=start_row + n, column=2, value=d["value"])
    chart = BarChart()
    chart.title = title
    chart.legend = None
    chart.add_data(Reference(ws, min_col=2, min_row=start_row + 1, max_row=start_row + len(data)))
    chart.set_categories(Reference(ws, min_col=1, min_row=start_row + 1, max_row=start_row + len(data)))
    ws.add_chart(chart, anchor)


def _to_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ledger_rows_table(rows: Sequence[Any]) -> list[list[Any]]:
    return [
        [
            timezone.localtime(r.at).strftime("%Y-%m-%d %H:%M"),
            r.source_label,
            r.title,
            r.detail,
            r.rule_id,
            r.by,
        ]
        for r in rows
    ]


LEDGER_HEADER = ("时间", "类别", "事项", "情况（发现、整改、验证）", "规则编号", "相关单位/人员")


def work_ledger_xlsx(project: Any, rows: Sequence[Any], result: dict[str, Any]) -> bytes:
    wb = Workbook()
    ws = _sheet(wb, "工作台账", LEDGER_HEADER, ledger_rows_table(rows), first=True)
    for row in ws.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    a = wb.create_sheet("定期分析")
    a.append([f"{project.name} 工作台账定期分析（{result['period'].label}）"])
    a["A1"].font = Font(bold=True, size=13)
    summary = [
        ("发现问题", result["findings"]),
        ("到期整改通知", result["orders_due"]),
        ("按期整改", result["orders_on_time"]),
        ("按期整改率（%）", result["on_time_rate"] if result["on_time_rate"] is not None else "—"),
        ("未销号整改通知", result["open_orders"]),
        ("档案安全事件", result["incidents"]),
        ("服务方自检（件次）", result["self_inspections"]),
    ]
    for label, value in summary:
        a.append([label, _cell(value)])
    row = len(summary) + 4
    _chart(a, "各类监管活动", result["activity_counts"], "E2", row)
    row += len(result["activity_counts"]) + 3
    _chart(a, "问题类别", result["category_counts"], "E18", row)
    row += len(result["category_counts"]) + 3
    _chart(a, "问题严重程度", result["severity_counts"], "E34", row)
    return _to_bytes(wb)


def work_ledger_pdf(project: Any, rows: Sequence[Any], result: dict[str, Any], request: Any = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "supervision/work_ledger_pdf.html",
        {
            "project": project,
            "rows": rows,
            "result": result,
            "generated_at": timezone.localtime(),
            "activity_svg": svg_bars(result["activity_counts"]),
            "category_svg": svg_bars(result["category_counts"]),
            "severity_svg": svg_bars(result["severity_counts"]),
        },
    )
    return HTML(string=html).write_pdf()


def regulator_xlsx(
    projects: Sequence[dict[str, Any]],
    credits: Sequence[dict[str, Any]],
    overdue: Sequence[Any],
    incidents: Sequence[Any],
) -> bytes:
    wb = Workbook()
    _sheet(
        wb,
        "辖区项目",
        ("项目", "委托方", "服务方", "业务类型", "状态", "未销号整改", "逾期整改", "未关闭事件"),
        [
            [
                p["project"].name,
                p["project"].client.name,
                p["project"].provider.name if p["project"].provider_id else "",
                "、".join(p["project"].service_type_labels),
                p["project"].get_status_display(),
                p["open_orders"],
                p["overdue_orders"],
                p["open_incidents"],
            ]
            for p in projects
        ],
        first=True,
    )
    _sheet(
        wb,
        "服务方信用",
        ("服务方", "信用等级", "不良记录", "约谈", "行政处罚", "逾期整改", "委托方评价均分", "负面清单"),
        [
            [
                c["provider"].name,
                c["level_label"],
                len(c["bad_records"]),
                c["summons"],
                c["penalties"],
                c["orders_overdue"],
                c["evaluation_average"],
                "是" if c["negative_list"] else "否",
            ]
            for c in credits
        ],
    )
    _sheet(
        wb,
        "逾期整改",
        ("通知编号", "下达单位", "整改单位", "项目", "期限"),
        [
            [
                o.number,
                o.issued_by.name,
                o.addressed_to.name,
                o.project.name if o.project_id else "",
                o.deadline,
            ]
            for o in overdue
        ],
    )
    _sheet(
        wb,
        "档案安全事件",
        ("发现时间", "类别", "事件", "项目", "状态", "报告时间"),
        [
            [
                timezone.localtime(i.discovered_at).strftime("%Y-%m-%d %H:%M"),
                i.get_kind_display(),
                i.title,
                i.project.name,
                i.get_status_display(),
                timezone.localtime(i.reported_to_regulator_at).strftime("%Y-%m-%d %H:%M")
                if i.reported_to_regulator_at
                else "",
            ]
            for i in incidents
        ],
    )
    return _to_bytes(wb)
