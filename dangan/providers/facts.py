"""The provider registry as compliance-engine facts (the ``provider`` object of docs/compliance.md).

Mapping choices, so that a decision never says more than the registry knows:

* Declarations the provider ticks on its profile (accepts supervision, security management system,
  archive service management system, professional capability) are passed as ``true`` when ticked and
  as unknown (``null``) when not: an unticked box means "not declared", not "declared false", so the
  engine reports missing evidence instead of claiming the provider refuses supervision.
* Without a profile, every profile field is unknown.
* An empty list of shareholders, staff or equipment means "not registered yet" (``null``), because
  every company has shareholders and a provider with no registered staff has proved nothing about
  them. Qualifications and bad records are authoritative lists: none registered means none (``[]``).
* Bad records withdrawn or superseded by a correction are left out (SX-2.1: the record that stands
  follows the provider).

ID numbers travel in plain text because the engine verifies their checksum (SX-3.1-b3); the engine
masks them in its evidence. Never log the returned dict.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from dangan.engines.compliance import Evaluation, evaluate_provider

from .models import BadRecord, Equipment, ProviderProfile, Qualification, Shareholder, Software, StaffMember

if TYPE_CHECKING:
    from dangan.accounts.models import Organization


def _declared(value: bool) -> bool | None:
    return True if value else None


def _profile(provider: Organization) -> ProviderProfile | None:
    try:
        return provider.provider_profile
    except ProviderProfile.DoesNotExist:
        return None


def staff_facts(member: StaffMember) -> dict[str, Any]:
    # .all() uses the prefetch cache when provider_facts prefetched the records.
    trained = len(member.training_records.all()) > 0
    out: dict[str, Any] = {
        "name": member.name,
        "nationality": member.nationality or None,
        "id_type": member.id_type,
        "id_number": member.id_number or None,
        "political_review": member.political_review,
        "archive_training": trained,
        "professional": member.professional,
    }
    if member.exception_basis:
        out["exception_basis"] = member.exception_basis
    return out


def standing_bad_records(provider: Organization) -> list[BadRecord]:
    """Bad records that count: not a withdrawal, not superseded by a later correction."""
    return list(
        BadRecord.objects.filter(provider=provider, withdraws=False, corrections__isnull=True).order_by(
            "-occurred_on", "-pk"
        )
    )


def provider_facts(
    provider: Organization,
    *,
    as_of: date | None = None,
    staff: Iterable[StaffMember] | None = None,
) -> dict[str, Any]:
    """The engine's ``provider`` object for ``provider``; with ``staff``, only those staff members.

    ``as_of`` does not filter anything here (the engine judges qualification validity on its own
    date); it is accepted so callers can build facts and evaluate them for the same day.
    """
    del as_of
    profile = _profile(provider)
    facts: dict[str, Any] = {"name": provider.name, "uscc": provider.uscc or None}
    if profile is not None:
        facts.update(
            registered_in_prc=profile.registered_in_prc,
            enterprise_legal_person=profile.enterprise_legal_person,
            business_scope=list(profile.business_scope or []),
            business_scope_text=profile.business_scope_text,
            accepts_supervision=_declared(profile.accepts_supervision),
            premises=True if profile.premises.strip() else None,
            professional_capability=_declared(profile.professional_capability),
            security_management_system=_declared(profile.security_management_system),
            archive_service_management_system=_declared(profile.archive_service_management_system),
        )
    else:
        facts.update(
            registered_in_prc=None,
            enterprise_legal_person=None,
            business_scope=None,
            accepts_supervision=None,
            premises=None,
            professional_capability=None,
            security_management_system=None,
            archive_service_management_system=None,
        )

    shareholders = [
        {
            "name": s.name,
            "nationality": s.nationality or None,
            **({"exception_basis": s.exception_basis} if s.exception_basis else {}),
        }
        for s in Shareholder.objects.filter(provider=provider).order_by("name", "pk")
    ]
    facts["shareholders"] = shareholders or None

    if staff is None:
        members: Iterable[StaffMember] = StaffMember.objects.filter(provider=provider, is_active=True)
    else:
        members = staff
    if hasattr(members, "prefetch_related"):
        members = members.prefetch_related(Prefetch("training_records")).order_by("name", "pk")
    facts["staff"] = [staff_facts(m) for m in members] or None

    facts["qualifications"] = [
        {
            "name": q.name,
            "secrecy": q.is_secrecy,
            **({"valid_until": q.valid_until.isoformat()} if q.valid_until else {}),
        }
        for q in Qualification.objects.filter(provider=provider).order_by("valid_until", "pk")
    ]
    equipment = [
        {"name": e.name, "count": e.count} for e in Equipment.objects.filter(provider=provider).order_by("pk")
    ]
    facts["equipment"] = equipment or None
    software = [{"name": s.name} for s in Software.objects.filter(provider=provider).order_by("pk")]
    facts["software"] = software or None
    facts["bad_records"] = [
        {
            "date": r.occurred_on.isoformat(),
            "kind": r.kind,
            "description": r.description,
        }
        for r in standing_bad_records(provider)
    ]
    return facts


def evaluate_provider_eligibility(provider: Organization, as_of: date | None = None) -> Evaluation:
    """Provider eligibility (RULES.md provider rules) on ``as_of`` (default today)."""
    return evaluate_provider(provider_facts(provider, as_of=as_of), today=as_of)
