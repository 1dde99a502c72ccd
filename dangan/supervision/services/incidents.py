"""Archive safety incidents (LAW-44): damage, loss, leak, unauthorized copying.

An incident cannot be closed before it has been reported to the archive administration (LAW-44); a
safety accident cannot be closed without its accountability record (SX-2.2-b).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.accounts.models import Organization
from dangan.ledger import services as ledger

from ..models import Incident, IncidentStatus
from .common import SupervisionError, acting_users, local_regulator, org_of
from .notify import notify

LAW44_UNREPORTED = _("LAW-44：档案损毁、信息泄露等事件应当及时向档案主管部门报告；未报告的事件不得关闭")
SX22B_ACCOUNTABILITY = _(
    "SX-2.2-b：发生档案安全事故的，应当追究委托方领导和有关人员的责任；请先填写责任人员和追责措施"
)


def open_incident(user: Any, project: Any, **fields: Any) -> Incident:
    org = org_of(user)
    if org.pk not in (project.client_id, project.provider_id):
        raise SupervisionError(gettext("LAW-44：只有项目的委托方或服务方可以登记本项目的档案安全事件"))
    fields.setdefault("discovered_at", timezone.now())
    incident = Incident(project=project, opened_by_org=org, **fields)
    incident.full_clean()
    with transaction.atomic():
        incident.save()
        _tell_client_and_provider(
            incident,
            gettext(
                "项目“%(project_name)s”登记了档案安全事件：%(incident_title)s（须报告档案主管部门，LAW-44）"
            )
            % {"project_name": project.name, "incident_title": incident.title},
        )
    return incident


def _tell_client_and_provider(incident: Incident, verb: str) -> None:
    project = incident.project
    notify(
        acting_users(project.client, project.provider),
        verb,
        reverse("supervision:incident_detail", args=[incident.pk]),
        "incident",
        obj=incident,
    )


def report(incident: Incident, user: Any, text: str, regulator: Organization | None = None) -> Incident:
    org = org_of(user)
    project = incident.project
    if org.pk not in (project.client_id, project.provider_id):
        raise SupervisionError(gettext("LAW-44：只有项目的委托方或服务方可以报告"))
    if incident.status != IncidentStatus.OPEN:
        raise SupervisionError(gettext("LAW-44：该事件已经报告"))
    regulator = regulator or local_regulator(project)
    if (
        regulator is None
        or not regulator.is_regulator
        or not regulator.covers_region(project.client.region_code)
    ):
        raise SupervisionError(gettext("LAW-44：应向项目所在辖区的档案主管部门报告"))
    if not text.strip():
        raise SupervisionError(gettext("LAW-44：请填写报告内容"))
    with transaction.atomic():
        incident.status = IncidentStatus.REPORTED
        incident.reported_to = regulator
        incident.reported_to_regulator_at = timezone.now()
        incident.reported_by = user
        incident.report_text = text.strip()
        incident.save()
        ledger.append(
            "supervision_incident_reported",
            obj=incident,
            after={"reported_to": regulator.name, "kind": incident.kind, "title": incident.title},
        )
        notify(
            acting_users(regulator),
            gettext("%(org_name)s报告档案安全事件：%(incident_title)s（%(project_name)s）")
            % {"org_name": org.name, "incident_title": incident.title, "project_name": project.name},
            reverse("supervision:incident_detail", args=[incident.pk]),
            "incident",
            obj=incident,
        )
    return incident


def record_accountability(
    incident: Incident,
    user: Any,
    persons: str,
    measures: str,
    remedial: str = "",
    safety_accident: bool | None = None,
) -> Incident:
    org = org_of(user)
    if org.pk != incident.project.client_id and not (org.is_regulator and incident.reported_to_id == org.pk):
        raise SupervisionError(gettext("SX-2.2-b：追责记录由委托方或受理报告的档案主管部门填写"))
    with transaction.atomic():
        incident.accountability_persons = persons.strip()
        incident.accountability_measures = measures.strip()
        if remedial:
            incident.remedial_measures = remedial.strip()
        if safety_accident is not None:
            incident.safety_accident = safety_accident
        incident.save()
    return incident


def close(incident: Incident, user: Any, note: str = "") -> Incident:
    org = org_of(user)
    if org.pk != incident.project.client_id:
        raise SupervisionError(gettext("LAW-44：事件由项目委托方关闭"))
    if incident.status == IncidentStatus.CLOSED:
        raise SupervisionError(gettext("LAW-44：该事件已关闭"))
    if incident.status != IncidentStatus.REPORTED or incident.reported_to_regulator_at is None:
        ledger.append("supervision_incident_close_refused", obj=incident, after={"rule_id": "LAW-44"})
        raise SupervisionError(LAW44_UNREPORTED)
    if incident.safety_accident and not (
        incident.accountability_persons and incident.accountability_measures
    ):
        raise SupervisionError(SX22B_ACCOUNTABILITY)
    with transaction.atomic():
        incident.status = IncidentStatus.CLOSED
        incident.closed_at = timezone.now()
        incident.closed_by = user
        if note:
            incident.remedial_measures = (incident.remedial_measures + "\n" + note.strip()).strip()
        incident.save()
        ledger.append("supervision_incident_closed", obj=incident, after={"status": incident.status})
    return incident
