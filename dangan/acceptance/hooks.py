"""What the acceptance app adds to other apps: compliance facts (SX-3.3-c), the project's work ledger,
and the regulator's statistics. Registered from AppConfig.ready."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from dangan.accounts import roles

BUSINESS_ROLES = {
    roles.REGULATOR_OFFICER,
    roles.CLIENT_MANAGER,
    roles.CLIENT_STAFF,
    roles.PROVIDER_MANAGER,
    roles.PROVIDER_OPERATOR,
}


def does_business(user: Any) -> bool:
    # The 三员 keep accounts and the ledger; they do not take part in acceptance.
    return bool(set(getattr(user, "role_codes", ())) & BUSINESS_ROLES)


def acceptance_facts(project: Any, facts: dict[str, Any]) -> None:
    """``acceptance`` in the compliance engine's format, from the latest decided round."""
    from .models import AcceptanceRound, Decision

    if not AcceptanceRound.objects.filter(project=project).exists():
        return
    decision = Decision.objects.filter(round__project=project).order_by("-round__number").first()
    if decision is None:
        facts["acceptance"] = {"decision": "pending"}
        return
    quality_ok = not any(r.startswith("DAT31-12") for r in decision.reasons) and not decision.nonconformities
    acc: dict[str, Any] = {
        "safety_hazards": [decision.safety_hazards] if decision.safety_hazard else [],
        "quality_meets_standards": quality_ok,
        "decision": "passed" if decision.accepted else "refused",
    }
    if decision.rectification_deadline:
        acc["rectification_deadline"] = decision.rectification_deadline.isoformat()
    facts["acceptance"] = acc


def ledger_rows(project: Any, start: Any, end: Any) -> list[Any]:
    from dangan.supervision.adapters import LedgerRow

    from .models import AcceptanceRound

    def inside(at: Any) -> bool:
        return at is not None and (start is None or at >= start) and (end is None or at < end)

    rows: list[LedgerRow] = []
    for rnd in AcceptanceRound.objects.filter(project=project).select_related("submitted_by"):
        url = rnd.get_absolute_url()
        if inside(rnd.submitted_at):
            rows.append(
                LedgerRow(
                    at=rnd.submitted_at,
                    source="acceptance",
                    source_label=gettext("成果验收"),
                    title=gettext("第 %(rnd_number)s 轮交付提交") % {"rnd_number": rnd.number},
                    detail=rnd.note or rnd.delivery_path,
                    rule_id="DAT31-12",
                    url=url,
                    category="quality",
                    by=str(rnd.submitted_by),
                )
            )
        if rnd.finished_at and rnd.machine_check and inside(rnd.finished_at):
            counts = rnd.counts
            rows.append(
                LedgerRow(
                    at=rnd.finished_at,
                    source="acceptance",
                    source_label=gettext("成果验收"),
                    title=gettext("第 %(rnd_number)s 轮计算机自动检验：%(v1)s")
                    % {
                        "rnd_number": rnd.number,
                        "v1": gettext("通过") if rnd.machine_check == "pass" else gettext("未通过"),
                    },
                    detail=gettext("%(v1)s 页，问题 %(v2)s 个（阻断 %(v3)s 个）")
                    % {
                        "v1": counts.get("pages", 0),
                        "v2": counts.get("findings", 0),
                        "v3": rnd.verdict.get("blocking", 0),
                    },
                    rule_id="DAT31-12",
                    url=url,
                    category="quality",
                )
            )
        decision = getattr(rnd, "decision", None)  # the reverse one-to-one raises an AttributeError subclass
        if decision is not None and inside(decision.decided_at):
            detail = "；".join(decision.reasons) or gettext("达到 DAT31-12 要求，无安全隐患")
            if decision.rectification_order_id:
                detail += gettext(
                    "；整改通知 %(decision_rectification_order_number)s，期限 %(decision_rectification_deadline)s"
                ) % {
                    "decision_rectification_order_number": decision.rectification_order.number,
                    "decision_rectification_deadline": decision.rectification_deadline,
                }
            rows.append(
                LedgerRow(
                    at=decision.decided_at,
                    source="acceptance",
                    source_label=gettext("成果验收"),
                    title=gettext("第 %(rnd_number)s 轮验收结论：%(v1)s")
                    % {"rnd_number": rnd.number, "v1": decision.get_verdict_display()},
                    detail=detail,
                    rule_id="SX-3.3-c",
                    url=url,
                    category="quality",
                    severity="" if decision.accepted else ("critical" if decision.safety_hazard else "major"),
                    by=str(decision.decided_by),
                )
            )
    return rows


def pass_rate_stats(projects: Any) -> list[dict[str, Any]]:
    """Acceptance pass rates over the regulator's projects: per decision and at the first round."""
    from .models import Decision, Verdict

    decisions = list(
        Decision.objects.filter(round__project__in=projects).values_list("verdict", "round__number")
    )
    if not decisions:
        return [{"label": gettext("验收通过率"), "value": "—"}]
    accepted = sum(v == Verdict.ACCEPTED for v, _ in decisions)
    first = [v for v, n in decisions if n == 1]
    first_ok = sum(v == Verdict.ACCEPTED for v in first)
    out = [
        {
            "label": gettext("验收通过率（按验收轮次）"),
            "value": f"{accepted / len(decisions):.0%}（{accepted}/{len(decisions)}）",
        }
    ]
    if first:
        out.append(
            {
                "label": gettext("首轮验收通过率"),
                "value": f"{first_ok / len(first):.0%}（{first_ok}/{len(first)}）",
            }
        )
    return out


def register() -> None:
    from dangan.projects.services import FACT_PROVIDERS

    if acceptance_facts not in FACT_PROVIDERS:
        FACT_PROVIDERS.append(acceptance_facts)
    try:
        from dangan.supervision.adapters import register_ledger_source, register_stat_provider
    except ImportError:
        return
    register_ledger_source(ledger_rows)
    register_stat_provider(pass_rate_stats)
