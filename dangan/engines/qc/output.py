"""Report writers: self-contained HTML (thumbnails inline as base64) and an annotatable XLSX."""

from __future__ import annotations

import html
from pathlib import Path

from .codes import CODES
from .report import Report

SEVERITY_ZH = {"error": "阻断", "warning": "警告", "info": "提示"}
REVIEW_CHOICES = ("确认", "误报", "待定")

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f2f2f2}.error{color:#b00020;font-weight:bold}.warning{color:#a66300}.info{color:#555}
.pass{background:#e6f4ea;border:1px solid #2e7d32;padding:10px}
.fail{background:#fdecea;border:1px solid #b00020;padding:10px}
img{max-width:160px;max-height:220px;border:1px solid #999}code{font-size:12px}
"""


def write_html(report: Report, path: str | Path, *, max_thumbnails: int = 2000) -> None:
    s = report.summary
    v = s["verdict"]
    e = html.escape
    parts = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>数字化成果质量检查报告 — {e(str(s.get('delivery', '')))}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>数字化成果质量检查报告</h1>",
        f"<div class='{'pass' if v['machine_check'] == 'pass' else 'fail'}'><b>结论（{e(v['rule'])}）：</b>"
        f"{e(v['message'])}</div>",
        "<table><tr><th>交付目录</th><td>"
        + e(str(s.get("delivery")))
        + "</td><th>验收配置</th><td>"
        + e(str(s.get("profile")))
        + "</td></tr><tr><th>目录</th><td>"
        + e(str(s.get("catalog") or "—"))
        + "</td><th>校验清单</th><td>"
        + e(str(s.get("manifest") or "—"))
        + "</td></tr><tr><th>文件 / 页</th><td>"
        + f"{s['counts']['files']} / {s['counts']['pages']}</td><th>检查时间</th>"
        + f"<td>{e(str(s.get('started_at')))}"
        + f"（{s.get('duration_s')} 秒）</td></tr></table>",
        "<h2>问题统计</h2><table><tr><th>代码</th><th>问题</th><th>规则</th><th>严重程度</th><th>数量</th></tr>",
    ]
    for code, row in s["by_code"].items():
        parts.append(
            f"<tr><td><code>{e(code)}</code></td><td>{e(row['title'])}</td><td>{e(row['rule'])}</td>"
            f"<td class='{e(row['severity'])}'>{SEVERITY_ZH.get(row['severity'], row['severity'])}</td>"
            f"<td>{row['count']}</td></tr>"
        )
    parts.append(
        "</table><h2>问题清单</h2><table><tr><th>#</th><th>档号</th><th>文件</th><th>页</th><th>问题</th>"
        "<th>说明</th><th>缩略图</th></tr>"
    )
    shown = 0
    for i, f in enumerate(report.findings, start=1):
        thumb = ""
        if f.thumbnail and shown < max_thumbnails:
            thumb = f"<img alt='第 {f.page} 页' src='data:image/jpeg;base64,{f.thumbnail}'>"
            shown += 1
        parts.append(
            f"<tr><td>{i}</td><td>{e(f.archive_no or '—')}</td><td><code>{e(f.file or '—')}</code></td>"
            f"<td>{f.page if f.page is not None else '—'}</td><td class='{e(f.severity)}'>"
            f"{e(CODES[f.code].title)}<br><code>{e(f.code)}</code> · {e(f.rule)}</td><td>{e(f.message)}</td>"
            f"<td>{thumb}</td></tr>"
        )
    parts.append("</table></body></html>")
    Path(path).write_text("\n".join(parts), "utf-8")


def write_xlsx(report: Report, path: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    header = [
        "序号",
        "代码",
        "问题",
        "严重程度",
        "规则",
        "档号",
        "文件",
        "页",
        "说明",
        "复核结论",
        "复核意见",
        "复核人",
    ]
    ws.append(header)
    for i, f in enumerate(report.findings, start=1):
        ws.append(
            [
                i,
                f.code,
                CODES[f.code].title,
                SEVERITY_ZH.get(f.severity, f.severity),
                f.rule,
                f.archive_no or "",
                f.file or "",
                f.page,
                f.message,
                "",
                "",
                "",
            ]
        )
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for cell in ws[1]:
        cell.font = bold
    for col in ("J", "K", "L"):
        ws[f"{col}1"].fill = fill
    widths = [6, 22, 22, 8, 10, 30, 40, 5, 60, 10, 30, 10]
    for idx, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + idx)].width = width
    for row in ws.iter_rows(min_row=2, min_col=9, max_col=9):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    dv = DataValidation(type="list", formula1='"' + ",".join(REVIEW_CHOICES) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    if report.findings:
        dv.add(f"J2:J{len(report.findings) + 1}")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:L{max(len(report.findings) + 1, 1)}"

    s = report.summary
    sm = wb.create_sheet("汇总")
    v = s["verdict"]
    for row in (
        ("结论", v["message"]),
        ("规则", v["rule"]),
        ("自动检验", "通过" if v["machine_check"] == "pass" else "不通过"),
        ("交付目录", s.get("delivery")),
        ("验收配置", s.get("profile")),
        ("目录", s.get("catalog") or ""),
        ("校验清单", s.get("manifest") or ""),
        ("文件数", s["counts"]["files"]),
        ("页数", s["counts"]["pages"]),
        ("检查时间", s.get("started_at")),
    ):
        sm.append(list(row))
    sm.append([])
    sm.append(["代码", "问题", "规则", "严重程度", "数量"])
    for code, row in s["by_code"].items():
        sm.append(
            [code, row["title"], row["rule"], SEVERITY_ZH.get(row["severity"], row["severity"]), row["count"]]
        )
    sm.column_dimensions["A"].width = 24
    sm.column_dimensions["B"].width = 60
    wb.save(path)
