"""The demo registry: provider 1 eligible with a 涉密资质, provider 2 expiring and with a bad record."""

from __future__ import annotations

import pytest

from dangan.accounts.models import Organization
from dangan.core.demo import load_demo
from dangan.ledger.models import LedgerEntry
from dangan.providers.demo import PROVIDER1, PROVIDER2, load_providers_demo
from dangan.providers.facts import evaluate_provider_eligibility
from dangan.providers.models import BadRecord, StaffMember
from dangan.providers.services import expiring_qualifications, summarize

pytestmark = pytest.mark.django_db


def test_demo_registry_is_realistic_ledgered_and_idempotent():
    load_demo()  # runs load_providers_demo after the base organizations
    p1 = Organization.objects.get(name=PROVIDER1)
    p2 = Organization.objects.get(name=PROVIDER2)
    evaluation = evaluate_provider_eligibility(p1)
    assert evaluation.decision == "allowed", evaluation.to_dict()["refused_by"]
    assert summarize(p1).secrecy and evaluation.get("SEC14-2.4").status == "pass"
    assert all(m.has_valid_id for m in StaffMember.objects.filter(provider__in=[p1, p2]))
    soon = expiring_qualifications(p2)
    assert len(soon) == 1 and soon[0].status == "expiring" and soon[0].days_left == 25
    assert expiring_qualifications(p1) == []
    record = BadRecord.objects.get(provider=p2)
    assert record.recorded_by.name == "某市档案局"
    assert evaluate_provider_eligibility(p2).get("SX-2.1").status == "fail"
    assert LedgerEntry.objects.filter(object_type="providers.badrecord", event="create").count() == 1
    count = LedgerEntry.objects.count()
    assert load_providers_demo() is False
    assert LedgerEntry.objects.count() == count
