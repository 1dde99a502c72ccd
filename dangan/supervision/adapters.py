"""Where supervision meets the other apps, checked at run time so each app can be installed alone.

Hooks (see docs/supervision.md):

* **Work-ledger sources** — :func:`register_ledger_source` adds a callable ``(project, start, end) ->
  list[LedgerRow]``. Built in: production self-inspections (SX-4.2-a; ``production.StageEvent`` at a stage
  with ``is_inspection``), custody hand-overs and custody incidents (CUSTODY). The acceptance app adds its
  rounds by registering a source in its ``AppConfig.ready``.
* **Custody discrepancies** — a ``custody.CustodyIncident`` of kind missing/damaged opens a LAW-44
  :class:`~dangan.supervision.models.Incident` (post_save signal, plus :func:`sync_custody_incidents`
  for rows custody writes in bulk).
* **Compliance facts** — :func:`supervision_facts` fills ``supervision``, ``ledger``, ``incidents``,
  ``inspections`` and ``findings`` for the projects app's ``FACT_PROVIDERS``.
* **Provider credit** — ``providers.BadRecord`` and ``projects.services.provider_credit_summary`` are read
  when present.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext


def model_or_none(app_label: str, model_name: str) -> Any:
    if not apps.is_installed(f"dangan.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


@dataclass
class LedgerRow:
    """One line of the work ledger (工作台账)."""

    at: datetime
    source: str  # inspection, finding, rectification, incident, self_inspection, custody, acceptance, …
    source_label: str
    title: str
    detail: str = ""
    rule_id: str = ""
    url: str = ""
    category: str = ""
    severity: str = ""
    by: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


LedgerSource = Callable[[Any, Any, Any], list[LedgerRow]]
LEDGER_SOURCES: list[LedgerSource] = []


def register_ledger_source(source: LedgerSource) -> None:
    """For other apps (acceptance rounds …): ``source(project, start_dt, end_dt)`` returns LedgerRows."""
    if source not in LEDGER_SOURCES:
        LEDGER_SOURCES.append(source)


def _between(qs: Any, field_name: str, start: Any, end: Any) -> Any:
    if start is not None:
        qs = qs.filter(**{f"{field_name}__gte": start})
    if end is not None:
        qs = qs.filter(**{f"{field_name}__lt": end})
    return qs


def self_inspection_rows(project: Any, start: Any, end: Any) -> list[LedgerRow]:
    """Provider self-inspections (SX-4.2-a), one row per inspection stage and day."""
    StageEvent = model_or_none("production", "StageEvent")
    if StageEvent is None:
        return []
    events = _between(
        StageEvent.objects.filter(project=project, stage__is_inspection=True), "finished_at", start, end
    )
    days: dict[tuple[Any, str], dict[str, Any]] = {}
    for finished_at, stage_name, result in events.values_list("finished_at", "stage__name", "result"):
        day = timezone.localdate(finished_at)
        row = days.setdefault((day, stage_name), {"at": finished_at, "total": 0, "failed": 0})
        row["total"] += 1
        row["failed"] += result == "fail"
        row["at"] = max(row["at"], finished_at)
    return [
        LedgerRow(
            at=v["at"],
            source="self_inspection",
            source_label=gettext("服务方自检"),
            title=gettext("%(stage)s：自检 %(v1)s 件") % {"stage": stage, "v1": v["total"]},
            detail=gettext("不通过返工 %(v1)s 件") % {"v1": v["failed"]}
            if v["failed"]
            else gettext("全部通过"),
            rule_id="SX-4.2-a",
            category="quality",
            extra=v,
        )
        for (day, stage), v in sorted(days.items())
    ]


def custody_rows(project: Any, start: Any, end: Any) -> list[LedgerRow]:
    rows: list[LedgerRow] = []
    Batch = model_or_none("custody", "HandoverBatch")
    if Batch is not None:
        batches = _between(
            Batch.objects.filter(project=project, received_at__isnull=False), "received_at", start, end
        )
        for b in batches.select_related("sender_org", "receiver_org"):
            count = b.items.count()
            rows.append(
                LedgerRow(
                    at=b.received_at,
                    source="custody",
                    source_label=gettext("原件交接"),
                    title=gettext("交接单 %(b_number)s（%(v1)s）%(count)s 件")
                    % {"b_number": b.number, "v1": b.get_direction_display(), "count": count},
                    detail=gettext("%(b_sender_org_name)s → %(b_receiver_org_name)s，双方确认")
                    % {"b_sender_org_name": b.sender_org.name, "b_receiver_org_name": b.receiver_org.name},
                    rule_id="CUSTODY",
                    url=_safe_url(b),
                    category="originals",
                )
            )
    CustodyIncident = model_or_none("custody", "CustodyIncident")
    if CustodyIncident is not None:
        for ci in _between(
            CustodyIncident.objects.filter(project=project), "opened_at", start, end
        ).select_related("unit"):
            rows.append(
                LedgerRow(
                    at=ci.opened_at,
                    source="custody",
                    source_label=gettext("原件保管事件"),
                    title=str(ci),
                    detail=ci.details
                    + (
                        gettext("；处理：%(ci_resolution)s") % {"ci_resolution": ci.resolution}
                        if ci.resolution
                        else ""
                    ),
                    rule_id=ci.rule_id or "CUSTODY",
                    url=_safe_url(ci),
                    category="originals",
                    severity="major",
                )
            )
    return rows


def _safe_url(obj: Any) -> str:
    try:
        return obj.get_absolute_url()
    except Exception:  # another app's URL may not be wired yet; the row stays useful without a link
        return ""


register_ledger_source(self_inspection_rows)
register_ledger_source(custody_rows)


# ---------------------------------------------------------------------------- custody → LAW-44

CUSTODY_KIND_MAP = {"missing": "loss", "damaged": "damage"}


def incident_from_custody(custody_incident: Any) -> Any:
    """Opens the LAW-44 incident for one custody discrepancy (idempotent through ``source``)."""
    from .models import Incident

    kind = CUSTODY_KIND_MAP.get(custody_incident.kind)
    if kind is None:
        return None
    source = f"custody.CustodyIncident:{custody_incident.pk}"
    existing = Incident.objects.filter(source=source).first()
    if existing is not None:
        return existing
    unit = custody_incident.unit
    label = "缺失" if kind == "loss" else "损坏"
    incident = Incident.objects.create(
        project=custody_incident.project,
        kind=kind,
        title=f"原件{label}：{unit.archive_no}",
        description=f"由原件交接对账自动登记（CUSTODY）。{custody_incident.details}",
        discovered_at=custody_incident.opened_at,
        opened_by_org=custody_incident.project.client,
        source=source,
    )
    from .services.common import acting_users
    from .services.notify import notify

    notify(
        acting_users(incident.project.client, incident.project.provider),
        gettext("原件%(label)s已登记为档案安全事件，须报告档案主管部门（LAW-44）：%(unit_archive_no)s")
        % {"label": label, "unit_archive_no": unit.archive_no},
        incident.get_absolute_url(),
        "incident",
        obj=incident,
    )
    return incident


def sync_custody_incidents() -> int:
    """Catches custody incidents written in bulk (no signals). Returns how many LAW-44 incidents it opened."""
    from .models import Incident

    CustodyIncident = model_or_none("custody", "CustodyIncident")
    if CustodyIncident is None:
        return 0
    sources = set(
        Incident.objects.filter(source__startswith="custody.CustodyIncident:").values_list(
            "source", flat=True
        )
    )
    opened = 0
    for ci in CustodyIncident.objects.filter(kind__in=list(CUSTODY_KIND_MAP)).select_related(
        "unit", "project__client"
    ):
        if f"custody.CustodyIncident:{ci.pk}" not in sources:
            incident_from_custody(ci)
            opened += 1
    return opened


# -------------------------------------------------------------------------------- other apps' data


def open_bad_records(provider: Any) -> list[Any]:
    BadRecord = model_or_none("providers", "BadRecord")
    if BadRecord is None:
        return []
    corrected = BadRecord.objects.filter(corrects=OuterRef("pk"))
    return list(
        BadRecord.objects.filter(provider=provider, withdraws=False)
        .filter(~Exists(corrected))
        .order_by("-occurred_on")
    )


def register_fact_provider() -> None:
    try:
        from dangan.projects.services import FACT_PROVIDERS
    except ImportError:
        return
    from .facts import supervision_facts

    if supervision_facts not in FACT_PROVIDERS:
        FACT_PROVIDERS.append(supervision_facts)


# ------------------------------------------------------------------------------- regulator statistics

# Extra figures for the regulator's statistics page: ``provider(projects_queryset) -> list[dict(label, value)]``.
# The acceptance app adds its pass rate here.
STAT_PROVIDERS: list[Callable[[Any], list[dict[str, Any]]]] = []


def register_stat_provider(provider: Callable[[Any], list[dict[str, Any]]]) -> None:
    if provider not in STAT_PROVIDERS:
        STAT_PROVIDERS.append(provider)


def pages_digitized(projects: Any) -> int | None:
    """Pages through a production stage that passed (None when production is not installed)."""
    StageEvent = model_or_none("production", "StageEvent")
    if StageEvent is None:
        return None
    from django.db.models import Sum

    first_stage = StageEvent.objects.filter(project__in=projects, result="pass", stage__order=1)
    return first_stage.aggregate(total=Sum("pages"))["total"] or 0
