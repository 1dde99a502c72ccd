"""The project lifecycle: facts for the compliance engine, the enforced state machine, 比选 and 评价.

Every write here runs in one transaction together with its ledger entries, so a refusal or an error
half-way leaves nothing behind.

Other apps contribute facts that only they know (custody: ``handovers``; acceptance: ``acceptance``;
supervision: ``supervision``, ``ledger``, ``incidents`` …) by appending a function to
:data:`FACT_PROVIDERS` in their ``AppConfig.ready``::

    from dangan.projects.services import FACT_PROVIDERS

    def custody_facts(project, facts):
        facts["handovers"] = [...]

    FACT_PROVIDERS.append(custody_facts)

Each function receives the project and the facts dict built so far and changes the dict in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.engines.compliance import (
    DEFAULT_WEIGHTS,
    FactsError,
    Settings,
    evaluate,
    score_providers,
)
from dangan.engines.compliance.model import Evaluation
from dangan.engines.compliance.vocab import KIND_LABELS, STATUS_LABELS, Kind, Status
from dangan.ledger import services as ledger

from .models import (
    EVALUATION_CRITERIA,
    Candidate,
    Contract,
    Project,
    ProjectStatus,
    ProviderEvaluation,
    RegionFilingPolicy,
    SelectionDecision,
)

FactProvider = Callable[[Project, dict[str, Any]], None]
FACT_PROVIDERS: list[FactProvider] = []

S = ProjectStatus

# The state machine. 立项 may skip 备案 only where the region does not require filing.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.FILED, S.SELECTING),
    S.FILED: (S.SELECTING,),
    S.SELECTING: (S.CONTRACTED,),
    S.CONTRACTED: (S.IN_PROGRESS,),
    S.IN_PROGRESS: (S.ACCEPTING,),
    S.ACCEPTING: (S.EVALUATING,),
    S.EVALUATING: (S.CLOSED,),
    S.CLOSED: (),
}
# The engine stages (vocab.STAGES) checked before entering each status.
GATE_STAGES: dict[str, tuple[str, ...]] = {
    S.FILED: ("project_created",),
    S.SELECTING: ("project_created",),
    S.CONTRACTED: ("selection",),
    S.IN_PROGRESS: ("contract", "staff_assigned", "work_start"),
    S.ACCEPTING: ("during_work",),
    S.EVALUATING: ("acceptance",),
    S.CLOSED: ("close",),
}
PHASE_OF_STATUS: dict[str, str] = {
    S.DRAFT: "planned",
    S.FILED: "planned",
    S.SELECTING: "planned",
    S.CONTRACTED: "planned",
    S.IN_PROGRESS: "in_progress",
    S.ACCEPTING: "in_progress",
    S.EVALUATING: "accepted",
    S.CLOSED: "closed",
}
ORDER = [s.value for s in ProjectStatus]


@dataclass(frozen=True)
class RuleOutcome:
    """One rule's result as shown to users: the RULES.md ID always comes with the Chinese message."""

    id: str
    kind: str
    status: str
    message: str
    title: str = ""

    @property
    def blocking(self) -> bool:
        return self.kind == Kind.BLOCK and self.status in (Status.FAIL, Status.EVIDENCE_MISSING)

    @property
    def status_label(self) -> str:
        return gettext(STATUS_LABELS.get(self.status, self.status))

    @property
    def kind_label(self) -> str:
        return gettext(KIND_LABELS.get(self.kind, self.kind))

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "status_label": self.status_label,
            "title": self.title,
            "message": self.message,
        }

    def __str__(self) -> str:
        return f"{self.id}：{self.message}"


class ProjectActionRefused(Exception):
    """An action refused by rules; ``results`` are the blocking rules, each with its ID and message."""

    headline = _("操作被拒绝")

    def __init__(self, results: Iterable[RuleOutcome], headline: str | None = None) -> None:
        self.results = list(results)
        if headline:
            self.headline = headline
        super().__init__("；".join(str(r) for r in self.results))

    @property
    def rule_ids(self) -> list[str]:
        return [r.id for r in self.results]

    def to_dict(self) -> dict[str, Any]:
        return {
            "detail": str(self.headline),
            "refused_by": self.rule_ids,
            "results": [r.to_dict() for r in self.results],
        }


class TransitionRefused(ProjectActionRefused):
    headline = _("状态变更被拒绝")


def _block(rule_id: str, message: str, status: str = Status.FAIL) -> RuleOutcome:
    return RuleOutcome(rule_id, str(Kind.BLOCK), str(status), message)


# ------------------------------------------------------------------------------------------- facts


def filing_policy(project: Project) -> RegionFilingPolicy | None:
    return RegionFilingPolicy.for_region(project.client.region_code)


def filing_required(project: Project) -> bool:
    policy = filing_policy(project)
    return bool(policy and policy.filing_required)


def engine_settings(project: Project) -> Settings:
    policy = filing_policy(project)
    if policy is None or not policy.filing_required:
        return Settings()
    return Settings(local_filing=True, local_filing_kind=Kind(policy.kind))


def provider_facts_for(provider: Any, *, staff: Any = None, as_of: date | None = None) -> dict[str, Any]:
    """The provider object of the engine's format, from the providers app."""
    from dangan.providers.facts import provider_facts

    return provider_facts(provider, as_of=as_of, staff=staff)


def _assigned_staff(project: Project) -> list[Any]:
    return [a.staff for a in project.staff_assignments.filter(active=True).select_related("staff")]


def build_facts(project: Project, stage: str | None = None) -> dict[str, Any]:
    """The engine's JSON facts for this project as recorded now (docs/compliance.md §3)."""
    today = timezone.localdate()
    settings = engine_settings(project)
    persons = list(project.responsible_persons.all())
    departments = sorted({p.department for p in persons if p.department.strip()})
    facts: dict[str, Any] = {
        "schema": "dangan.compliance/1",
        "as_of": today.isoformat(),
        "settings": {
            "local_filing": settings.local_filing,
            "local_filing_kind": str(settings.local_filing_kind),
        },
        "project": {
            "name": project.name,
            "phase": PHASE_OF_STATUS[project.status],
            "service_types": list(project.service_types or []),
            "requires_political_review": project.requires_political_review,
            "accepts_regulator_supervision": project.accepts_regulator_supervision,
            "responsibility": {
                "leader": project.responsible_leader,
                "departments": departments,
                "persons": [{"name": p.name, "duty": p.duty} for p in persons],
            },
        },
        "client": {
            "name": project.client.name,
            "kind": project.client.client_kind or None,
            "region": project.client.region_code,
        },
        "project_file": {"kept": project.project_file_kept},
    }
    if project.standards_list:
        facts["project"]["standards"] = project.standards_list
    groups = [g.facts() for g in project.archive_groups.all()]
    if groups:
        facts["archive_groups"] = groups
    sites = [s.facts() for s in project.sites.all()]
    if sites:
        facts["sites"] = sites
    if project.provider_id:
        # Before work starts the provider is judged on all its staff; from then on on those assigned.
        working = project.status in (S.IN_PROGRESS, S.ACCEPTING, S.EVALUATING, S.CLOSED)
        staff = _assigned_staff(project) if working else None
        facts["provider"] = provider_facts_for(project.provider, staff=staff, as_of=today)
    selection = SelectionDecision.objects.filter(project=project).first()
    if selection is not None:
        others = project.candidates.exclude(provider=selection.provider).select_related("provider")
        facts["selection"] = {
            "market_research": selection.market_research,
            "business_inspection": selection.business_inspection,
            "comparative_selection": selection.comparative_selection,
            "examined": list(selection.examined or []),
            "security_capability_reviewed": selection.security_capability_reviewed,
            "qualifications_reviewed": selection.qualifications_reviewed,
            "candidates": [{"name": c.provider.name, "secrecy_qualification": _secrecy(c)} for c in others],
        }
        if selection.preference_note:
            facts["selection"]["preference_note"] = selection.preference_note
    contract = Contract.objects.filter(project=project).first()
    if contract is not None:
        facts["contract"] = {"written": contract.written, "clauses": contract.clause_codes()}
        if contract.signed_on:
            facts["contract"]["signed_date"] = contract.signed_on.isoformat()
        facts["security_agreement"] = {
            "signed": contract.security_agreement_signed,
            "staff_security_education": contract.staff_security_education,
        }
    rules = [r.code for r in project.operating_rules.all()]
    if rules or project.status not in (S.DRAFT, S.FILED, S.SELECTING):
        facts["operating_rules"] = rules
    if settings.local_filing:
        facts["filing"] = {
            "filed_before_start": project.filed_on is not None,
            "completion_reported": project.completion_reported_on is not None,
        }
    for contribute in FACT_PROVIDERS:
        contribute(project, facts)
    return facts


def _secrecy(candidate: Candidate) -> bool:
    for item in candidate.score.get("criteria", []):
        if item.get("criterion") == "secrecy_qualification":
            return bool(item.get("raw"))
    return False


def evaluate_project(project: Project, stage: str | None = None) -> Evaluation:
    facts = build_facts(project, stage)
    return evaluate(facts, stage, settings=engine_settings(project))


def outcomes(evaluation: Evaluation) -> list[RuleOutcome]:
    return [
        RuleOutcome(f.rule_id, str(f.kind), str(f.status), f.message, f.rule.title)
        for f in evaluation.results
    ]


# ------------------------------------------------------------------------------------- transitions


def allowed_targets(project: Project) -> list[str]:
    return list(TRANSITIONS.get(project.status, ()))


def _preconditions(project: Project, to_status: str) -> list[RuleOutcome]:
    """Facts the engine cannot see (the platform's own records), named by the rule they serve."""
    out: list[RuleOutcome] = []
    if (
        to_status in (S.FILED, S.SELECTING)
        and project.responsible_leader
        and not project.leader_duties.strip()
    ):
        out.append(_block("SX-3.1-e", gettext("未写明责任领导的职责")))
    if to_status == S.SELECTING and project.status == S.DRAFT and filing_required(project):
        out.append(_block("LOCAL-FILING", gettext("本地区要求外包项目备案：请先办理备案，再进入比选")))
    if to_status == S.FILED and _filing_regulator(project) is None:
        out.append(_block("LOCAL-FILING", gettext("找不到委托方所在地区的档案行政管理部门，无法备案")))
    if to_status == S.CONTRACTED and not SelectionDecision.objects.filter(project=project).exists():
        out.append(
            _block("SX-3.1-a", gettext("尚未记录比选结果（选定的服务方及理由）"), Status.EVIDENCE_MISSING)
        )
    if to_status == S.IN_PROGRESS and not Contract.objects.filter(project=project).exists():
        out.append(_block("SX-3.2", gettext("尚未登记书面委托合同"), Status.EVIDENCE_MISSING))
    if to_status == S.CLOSED and not ProviderEvaluation.objects.filter(project=project).exists():
        out.append(
            _block(
                "SX-2.1", gettext("委托方尚未对服务方作出评价（评价计入服务方信用）"), Status.EVIDENCE_MISSING
            )
        )
    return out


def check_transition(project: Project, to_status: str) -> list[RuleOutcome]:
    """Every rule checked for this transition; the transition may proceed when none is blocking."""
    if to_status not in allowed_targets(project):
        current = ProjectStatus(project.status).label
        target = ProjectStatus(to_status).label if to_status in ORDER else to_status
        raise TransitionRefused(
            [
                _block(
                    "STATE",
                    gettext("项目处于“%(current)s”，不能变更为“%(target)s”")
                    % {"current": current, "target": target},
                )
            ],
            headline=gettext("不允许的状态变更"),
        )
    # Evaluate as the project would stand after the change (phase of the target status).
    original = project.status
    project.status = to_status
    try:
        facts = build_facts(project)
    finally:
        project.status = original
    settings = engine_settings(project)
    seen: dict[str, RuleOutcome] = {}
    try:
        for stage in GATE_STAGES[to_status]:
            for outcome in outcomes(evaluate(facts, stage, settings=settings)):
                seen.setdefault(outcome.id, outcome)
    except FactsError as exc:
        raise TransitionRefused([_block("FACTS", p, Status.EVIDENCE_MISSING) for p in exc.problems]) from exc
    return _preconditions(project, to_status) + list(seen.values())


def _filing_regulator(project: Project) -> Any:
    from dangan.accounts import roles
    from dangan.accounts.models import Organization

    policy = filing_policy(project)
    if policy is not None:
        return policy.regulator
    region = project.client.region_code
    best = None
    for reg in Organization.objects.filter(kind=roles.REGULATOR, is_active=True):
        if region.startswith(reg.jurisdiction_prefix) and (
            best is None or len(reg.jurisdiction_prefix) > len(best.jurisdiction_prefix)
        ):
            best = reg
    return best


def transition(project: Project, to_status: str, user: Any, *, filing_reference: str = "") -> Project:
    """Move the project to ``to_status`` or raise :class:`TransitionRefused` naming the blocking rules.

    A refusal is written to the ledger as a decision, but the project itself is left untouched.
    """
    from_status = project.status
    try:
        results = check_transition(project, to_status)
    except TransitionRefused as exc:
        _ledger_refusal(project, from_status, to_status, exc.results)
        raise
    blocking = [r for r in results if r.blocking]
    if blocking:
        _ledger_refusal(project, from_status, to_status, blocking)
        raise TransitionRefused(blocking)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.status != from_status:
            raise TransitionRefused(
                [_block("STATE", gettext("项目状态已被他人变更，请刷新后重试"))],
                headline=gettext("状态已变化"),
            )
        locked.status = to_status
        if to_status == S.FILED:
            locked.filed_with = _filing_regulator(locked)
            locked.filed_on = timezone.localdate()
            locked.filing_reference = filing_reference
        locked.save()
        ledger.append(
            "project_transition",
            obj=locked,
            before={"status": from_status},
            after={
                "status": to_status,
                "results": [r.to_dict() for r in results if r.status != Status.NOT_APPLICABLE],
            },
        )
    project.refresh_from_db()
    return project


def _ledger_refusal(project: Project, from_status: str, to_status: str, blocking: list[RuleOutcome]) -> None:
    with transaction.atomic():
        ledger.append(
            "project_transition_refused",
            obj=project,
            before={"status": from_status},
            after={
                "requested": to_status,
                "refused_by": [r.id for r in blocking],
                "results": [r.to_dict() for r in blocking],
            },
        )


def report_completion(project: Project, user: Any) -> Project:
    """LOCAL-FILING: the client reports completion to the regulator after acceptance."""
    if project.status not in (S.ACCEPTING, S.EVALUATING, S.CLOSED):
        raise ProjectActionRefused([_block("LOCAL-FILING", gettext("验收后才能报告完成情况"))])
    with transaction.atomic():
        project.completion_reported_on = timezone.localdate()
        project.save()
        ledger.append(
            "project_completion_reported", obj=project, after={"on": project.completion_reported_on}
        )
    return project


# ------------------------------------------------------------------------------------- evidence

EVIDENCE_LOCKED = (S.CLOSED,)


def save_scope_part(obj: Any) -> Any:
    """Save an archive group, site or responsible person — or the project itself. Once the project has
    left 立项, a change of scope is checked at once (stage ``scope_changed``): a change that a block rule
    refuses — say, a classified group added to a digitization project, or 寄存托管 added to a 机关's
    project — is rolled back and refused."""
    project = obj if isinstance(obj, Project) else obj.project
    if project.pk and Project.objects.filter(pk=project.pk, status__in=EVIDENCE_LOCKED).exists():
        raise ProjectActionRefused([_block("STATE", gettext("项目已完结，不能再修改"))])
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        if project.status != S.DRAFT:
            refused = [
                o
                for o in outcomes(evaluate_project(project, "scope_changed"))
                if o.blocking and o.status == Status.FAIL
            ]
            if refused:
                transaction.set_rollback(True)
                raise ProjectActionRefused(refused, headline=gettext("范围变更被拒绝"))
    return obj


def delete_scope_part(obj: Any) -> None:
    if obj.project.status in EVIDENCE_LOCKED:
        raise ProjectActionRefused([_block("STATE", gettext("项目已完结，不能再修改"))])
    with transaction.atomic():
        obj.delete()


def set_operating_rules(project: Project, codes: Iterable[str]) -> None:
    from .models import OperatingRule

    wanted = set(codes)
    with transaction.atomic():
        for rule in project.operating_rules.all():
            if rule.code not in wanted:
                rule.delete()
        have = set(project.operating_rules.values_list("code", flat=True))
        for code in sorted(wanted - have):
            OperatingRule.objects.create(project=project, code=code, adopted_on=timezone.localdate())


def assign_staff(project: Project, staff: Any, *, role: str = "", assigned_on: date | None = None) -> Any:
    """Assign one of the provider's staff; refused when SX-3.1-b2/b3 fail for that person."""
    from .models import ProjectStaffAssignment

    if project.provider_id is None or staff.provider_id != project.provider_id:
        raise ProjectActionRefused([_block("SX-3.1-b3", gettext("只能派驻本项目服务方的工作人员"))])
    _require_status(project, S.CONTRACTED, S.IN_PROGRESS, what=gettext("派驻人员"))
    facts = {
        "project": {
            "name": project.name,
            "service_types": list(project.service_types or []),
            "requires_political_review": project.requires_political_review,
        },
        "provider": {
            **provider_facts_for(project.provider),
            "staff": provider_facts_for(project.provider, staff=[staff])["staff"],
        },
    }
    refused = [
        o
        for o in outcomes(evaluate(facts, "staff_assigned", rule_ids={"SX-3.1-b2", "SX-3.1-b3"}))
        if o.blocking and o.status == Status.FAIL
    ]
    if refused:
        raise ProjectActionRefused(
            refused, headline=gettext("%(staff_name)s不能派驻") % {"staff_name": staff.name}
        )
    with transaction.atomic():
        assignment, _ = ProjectStaffAssignment.objects.update_or_create(
            project=project,
            staff=staff,
            defaults={"role": role, "assigned_on": assigned_on or timezone.localdate(), "active": True},
        )
    return assignment


# ------------------------------------------------------------------------------------------ 比选


def _require_status(project: Project, *statuses: str, what: str) -> None:
    if project.status not in statuses:
        labels = "、".join(str(ProjectStatus(s).label) for s in statuses)
        raise ProjectActionRefused(
            [
                _block(
                    "STATE", gettext("%(what)s只能在“%(labels)s”阶段进行") % {"what": what, "labels": labels}
                )
            ]
        )


def add_candidate(
    project: Project, provider: Any, *, price: Decimal | None = None, notes: str = ""
) -> Candidate:
    _require_status(project, S.SELECTING, what=gettext("添加候选服务方"))
    if not provider.is_provider:
        raise ProjectActionRefused([_block("SX-3.1-a", gettext("候选方必须是服务方单位"))])
    with transaction.atomic():
        candidate, _ = Candidate.objects.update_or_create(
            project=project, provider=provider, defaults={"price": price, "notes": notes}
        )
        score_candidates(project)
    candidate.refresh_from_db()
    return candidate


def remove_candidate(candidate: Candidate) -> None:
    project = candidate.project
    _require_status(project, S.SELECTING, what=gettext("移除候选服务方"))
    if SelectionDecision.objects.filter(project=project, provider=candidate.provider).exists():
        raise ProjectActionRefused([_block("SX-3.1-a", gettext("已选定的服务方不能从候选方中移除"))])
    with transaction.atomic():
        candidate.delete()
        if project.candidates.exists():
            score_candidates(project)


def weights_for(project: Project) -> dict[str, float]:
    return {**DEFAULT_WEIGHTS, **(project.selection_weights or {})}


def score_candidates(project: Project) -> list[Candidate]:
    """Eligibility (the engine's provider rules) and weighted scores of every candidate, stored."""
    candidates = list(project.candidates.select_related("provider").order_by("pk"))
    if not candidates:
        return []
    today = timezone.localdate()
    data = []
    for c in candidates:
        facts = provider_facts_for(c.provider, as_of=today)
        facts["name"] = c.provider.name
        if c.price is not None:
            facts["price"] = float(c.price)
        data.append(facts)
    board = score_providers(
        data,
        weights_for(project),
        project={"service_types": list(project.service_types or [])},
        settings=engine_settings(project),
        today=today,
    )
    by_name = {c.provider.name: c for c in candidates}
    now = timezone.now()
    with transaction.atomic():
        for scored in board.ranking:
            c = by_name[scored.name]
            c.rank = scored.rank
            c.eligibility = {
                "decision": str(scored.decision),
                "refused_by": [f.rule_id for f in scored.evaluation.refusals()],
                "missing_evidence": [f.rule_id for f in scored.evaluation.missing_evidence()],
                "results": [r.to_dict() for r in outcomes(scored.evaluation)],
            }
            c.score = {
                "total": round(scored.total, 2),
                "criteria": [x.to_dict() for x in scored.criteria],
            }
            c.evaluated_at = now
            c.save()
    return sorted(candidates, key=lambda c: c.rank or 0)


def select_provider(
    project: Project,
    candidate: Candidate,
    user: Any,
    *,
    reasons: str,
    examined: list[str],
    market_research: bool = False,
    business_inspection: bool = False,
    comparative_selection: bool = True,
    security_capability_reviewed: bool = False,
    qualifications_reviewed: bool = False,
    preference_note: str = "",
) -> SelectionDecision:
    """Record the choice (SX-3.1-a) with its reasons; a candidate the engine refuses cannot be chosen."""
    _require_status(project, S.SELECTING, what=gettext("确定服务方"))
    if candidate.project_id != project.pk:
        raise ProjectActionRefused([_block("SX-3.1-a", gettext("只能从本项目的候选服务方中选择"))])
    if not reasons.strip():
        raise ProjectActionRefused([_block("SX-3.1-a", gettext("必须写明选择理由"))])
    score_candidates(project)
    candidate.refresh_from_db()
    refused = [
        r
        for r in candidate.eligibility.get("results", [])
        if r["kind"] == Kind.BLOCK and r["status"] == Status.FAIL
    ]
    if refused:
        raise ProjectActionRefused(
            [RuleOutcome(r["id"], r["kind"], r["status"], r["message"], r.get("title", "")) for r in refused],
            headline=gettext("%(candidate_provider_name)s未通过资格审查，不能选定")
            % {"candidate_provider_name": candidate.provider.name},
        )
    with transaction.atomic():
        decision, _ = SelectionDecision.objects.update_or_create(
            project=project,
            defaults={
                "provider": candidate.provider,
                "reasons": reasons,
                "examined": list(examined),
                "market_research": market_research,
                "business_inspection": business_inspection,
                "comparative_selection": comparative_selection,
                "security_capability_reviewed": security_capability_reviewed,
                "qualifications_reviewed": qualifications_reviewed,
                "preference_note": preference_note,
                "decided_by": user,
                "decided_at": timezone.now(),
            },
        )
        project.provider = candidate.provider
        project.save()
        ledger.append(
            "selection_decision",
            obj=project,
            after={
                "provider": candidate.provider.name,
                "reasons": reasons,
                "ranking": [
                    {"provider": c.provider.name, "rank": c.rank, "total": c.total, "eligibility": c.decision}
                    for c in project.candidates.select_related("provider")
                ],
            },
        )
    return decision


# ---------------------------------------------------------------------------------------- 合同


CONTRACT_STATUSES = (S.SELECTING, S.CONTRACTED)


def save_contract(project: Project, data: dict[str, Any], clause_locations: dict[str, str]) -> Contract:
    """Create or update the contract and its per-clause locations in one transaction."""
    _require_status(project, *CONTRACT_STATUSES, what=gettext("登记合同"))
    if not SelectionDecision.objects.filter(project=project).exists():
        raise ProjectActionRefused(
            [_block("SX-3.1-a", gettext("先记录比选结果，再登记合同"), Status.EVIDENCE_MISSING)]
        )
    with transaction.atomic():
        contract = Contract.objects.filter(project=project).first() or Contract(project=project)
        for key, value in data.items():
            setattr(contract, key, value)
        contract.full_clean()
        contract.save()
        for clause in list(contract.clauses.all()):
            if not clause_locations.get(clause.code, "").strip():
                clause.delete()
        for code, location in clause_locations.items():
            location = (location or "").strip()
            if not location:
                continue
            clause = contract.clauses.filter(code=code).first()
            if clause is None:
                contract.clauses.create(code=code, location=location)
            elif clause.location != location:
                clause.location = location
                clause.save()
    return contract


# ---------------------------------------------------------------------------------------- 评价


def save_evaluation(
    project: Project, user: Any, ratings: dict[str, int], comments: str
) -> ProviderEvaluation:
    _require_status(project, S.EVALUATING, what=gettext("评价服务方"))
    with transaction.atomic():
        evaluation = ProviderEvaluation.objects.filter(project=project).first() or ProviderEvaluation(
            project=project
        )
        evaluation.provider = project.provider
        evaluation.ratings = {k: int(v) for k, v in ratings.items()}
        evaluation.comments = comments
        evaluation.evaluated_by = user
        evaluation.evaluated_on = timezone.localdate()
        evaluation.full_clean()
        evaluation.save()
    return evaluation


def provider_credit_summary(provider: Any) -> dict[str, Any]:
    """The client ratings of one provider, for its credit record (the supervision app reads this)."""
    evaluations = ProviderEvaluation.objects.filter(provider=provider).select_related("project")
    rows = list(evaluations.order_by("-evaluated_on"))
    criteria = {}
    for code, label in EVALUATION_CRITERIA.items():
        values = [e.ratings.get(code) for e in rows if isinstance(e.ratings.get(code), int)]
        criteria[code] = {
            "label": gettext(label),
            "average": round(sum(values) / len(values), 2) if values else None,
        }
    averages = [e.average for e in rows if e.average is not None]
    return {
        "provider": provider.name,
        "evaluations": len(rows),
        "average": round(sum(averages) / len(averages), 2) if averages else None,
        "criteria": criteria,
        "recent": [
            {"project": e.project.name, "average": e.average, "evaluated_on": e.evaluated_on.isoformat()}
            for e in rows[:10]
        ],
        "projects_total": Project.objects.filter(provider=provider).count(),
        "projects_closed": Project.objects.filter(provider=provider, status=S.CLOSED).count(),
    }


__all__ = [
    "FACT_PROVIDERS",
    "GATE_STAGES",
    "TRANSITIONS",
    "ProjectActionRefused",
    "RuleOutcome",
    "TransitionRefused",
    "add_candidate",
    "build_facts",
    "check_transition",
    "evaluate_project",
    "provider_credit_summary",
    "report_completion",
    "save_contract",
    "save_evaluation",
    "score_candidates",
    "select_provider",
    "transition",
]
