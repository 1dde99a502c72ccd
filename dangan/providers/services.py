"""What the pages and the API show about a provider: counts, eligibility, qualification expiry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext

from dangan.engines.compliance import Evaluation
from dangan.engines.compliance.vocab import DECISION_LABELS

from .facts import evaluate_provider_eligibility, standing_bad_records
from .models import Qualification, StaffMember

if TYPE_CHECKING:
    from dangan.accounts.models import Organization

DEFAULT_EXPIRY_WARNING_DAYS = 60


def expiry_warning_days() -> int:
    """Days before expiry at which a qualification turns amber (setting PROVIDER_EXPIRY_WARNING_DAYS)."""
    return int(getattr(settings, "PROVIDER_EXPIRY_WARNING_DAYS", DEFAULT_EXPIRY_WARNING_DAYS))


@dataclass(frozen=True)
class QualificationState:
    qualification: Qualification
    status: str  # "valid", "expiring", "expired", "open" (no end date)
    days_left: int | None

    @property
    def label(self) -> str:
        if self.status == "expired":
            return gettext("已过期 %(v1)s 天") % {"v1": -(self.days_left or 0)}
        if self.status == "expiring":
            return gettext("%(days_left)s 天后到期") % {"days_left": self.days_left}
        if self.status == "open":
            return "长期有效"
        return gettext("有效（剩余 %(days_left)s 天）") % {"days_left": self.days_left}

    @property
    def css(self) -> str:
        return {"expired": "danger", "expiring": "warning", "open": "secondary"}.get(self.status, "success")


def qualification_state(
    q: Qualification, today: date | None = None, within_days: int | None = None
) -> QualificationState:
    today = today or date.today()
    within = expiry_warning_days() if within_days is None else within_days
    if q.valid_until is None:
        return QualificationState(q, "open", None)
    left = (q.valid_until - today).days
    if left < 0:
        return QualificationState(q, "expired", left)
    if left <= within:
        return QualificationState(q, "expiring", left)
    return QualificationState(q, "valid", left)


def expiring_qualifications(
    provider: Organization, within_days: int | None = None, *, today: date | None = None
) -> list[QualificationState]:
    """Qualifications of ``provider`` that expire within ``within_days`` (default: the setting) or have
    expired, soonest first — for the provider's dashboard."""
    today = today or date.today()
    within = expiry_warning_days() if within_days is None else within_days
    qs = Qualification.objects.filter(provider=provider, valid_until__lte=today + timedelta(days=within))
    return [qualification_state(q, today, within) for q in qs.order_by("valid_until", "pk")]


def valid_qualifications(provider: Organization, today: date | None = None) -> QuerySet[Qualification]:
    today = today or date.today()
    qs = Qualification.objects.filter(provider=provider)
    return qs.exclude(valid_until__lt=today)


@dataclass
class ProviderSummary:
    provider: Organization
    evaluation: Evaluation
    valid_qualifications: int
    staff: int
    open_bad_records: int
    secrecy: bool
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def decision(self) -> str:
        return str(self.evaluation.decision)

    @property
    def decision_label(self) -> str:
        return DECISION_LABELS[self.evaluation.decision]

    @property
    def decision_css(self) -> str:
        return {"allowed": "success", "refused": "danger"}.get(self.decision, "warning")

    @property
    def refused_by(self) -> list[str]:
        return [f.rule_id for f in self.evaluation.refusals()]

    @property
    def missing(self) -> list[str]:
        return [f.rule_id for f in self.evaluation.missing_evidence()]


def summarize(provider: Organization, today: date | None = None) -> ProviderSummary:
    today = today or date.today()
    valid = valid_qualifications(provider, today)
    return ProviderSummary(
        provider=provider,
        evaluation=evaluate_provider_eligibility(provider, as_of=today),
        valid_qualifications=valid.count(),
        staff=StaffMember.objects.filter(provider=provider, is_active=True).count(),
        open_bad_records=len(standing_bad_records(provider)),
        secrecy=valid.filter(kind="secrecy").exists(),
    )
