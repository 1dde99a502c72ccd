"""provider_facts and evaluate_provider_eligibility: the registry as the engine sees it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dangan.engines.compliance.schema import check_input
from dangan.providers.facts import evaluate_provider_eligibility, provider_facts
from dangan.providers.models import BadRecord, Qualification, Shareholder, StaffMember
from dangan.providers.testing import add_staff, invalid_id_number, make_eligible

pytestmark = pytest.mark.django_db


def test_complete_registry_is_eligible_and_facts_follow_the_schema(world):
    make_eligible(world.provider_a)
    facts = provider_facts(world.provider_a)
    problems, warnings = check_input({"provider": facts})
    assert problems == [] and warnings == []
    assert facts["uscc"] == world.provider_a.uscc
    assert facts["staff"][0]["archive_training"] is True
    assert facts["qualifications"][0]["secrecy"] is True
    evaluation = evaluate_provider_eligibility(world.provider_a)
    assert evaluation.decision == "allowed", evaluation.to_dict()["refused_by"]
    assert evaluation.get("SX-3.1-b3").status == "pass"
    assert evaluation.get("SEC14-2.4").status == "pass"


def test_provider_without_registry_is_incomplete_not_refused(world):
    evaluation = evaluate_provider_eligibility(world.provider_b)
    assert evaluation.decision == "incomplete"
    assert "REG-28" in evaluation.to_dict()["missing_evidence"]


def test_foreign_registered_provider_is_refused_by_b1(world):
    profile = make_eligible(world.provider_a)
    profile.registered_in_prc = False
    profile.registration_country = "新加坡"
    profile.save()
    evaluation = evaluate_provider_eligibility(world.provider_a)
    assert evaluation.decision == "refused"
    assert evaluation.to_dict()["refused_by"] == ["SX-3.1-b1"]


def test_foreign_shareholder_without_exception_is_refused_by_b2_and_accepted_with_basis(world):
    make_eligible(world.provider_a)
    holder = Shareholder.objects.create(provider=world.provider_a, name="Example Ltd.", nationality="US")
    evaluation = evaluate_provider_eligibility(world.provider_a)
    assert evaluation.to_dict()["refused_by"] == ["SX-3.1-b2"]
    assert "Example Ltd." in evaluation.get("SX-3.1-b2").message
    holder.exception_basis = "国家有关部门批准文件（示例）"
    holder.save()
    assert evaluate_provider_eligibility(world.provider_a).decision == "allowed"


def test_foreign_staff_without_exception_is_refused_by_b2(world):
    make_eligible(world.provider_a)
    add_staff(
        world.provider_a, "Foreign Engineer", nationality="DE", id_type="passport", id_number="C01234567"
    )
    assert evaluate_provider_eligibility(world.provider_a).to_dict()["refused_by"] == ["SX-3.1-b2"]


def test_staff_with_invalid_id_is_refused_by_b3(world):
    make_eligible(world.provider_a)
    # The form refuses such a number; a row that got in anyway (e.g. an old import) is still caught.
    StaffMember.objects.create(provider=world.provider_a, name="王五", id_number=invalid_id_number())
    evaluation = evaluate_provider_eligibility(world.provider_a)
    assert "SX-3.1-b3" in evaluation.to_dict()["refused_by"]
    assert "校验位错误" in evaluation.get("SX-3.1-b3").message


def test_only_the_given_staff_are_included(world):
    make_eligible(world.provider_a)
    chosen = add_staff(world.provider_a, "赵六")
    StaffMember.objects.create(provider=world.provider_a, name="王五", id_number=invalid_id_number())
    facts = provider_facts(world.provider_a, staff=[chosen])
    assert [s["name"] for s in facts["staff"]] == ["赵六"]
    facts_qs = provider_facts(world.provider_a, staff=StaffMember.objects.filter(pk=chosen.pk))
    assert [s["name"] for s in facts_qs["staff"]] == ["赵六"]


def test_untrained_staff_warns_sx43(world):
    make_eligible(world.provider_a)
    add_staff(world.provider_a, "新人", trained=False)
    evaluation = evaluate_provider_eligibility(world.provider_a)
    assert evaluation.decision == "allowed"
    assert "SX-4.3" in evaluation.to_dict()["warnings"]


def test_expired_secrecy_qualification_does_not_count(world):
    make_eligible(world.provider_a, secrecy=False)
    Qualification.objects.create(
        provider=world.provider_a,
        name="涉密资质",
        kind="secrecy",
        valid_until=date.today() - timedelta(days=1),
    )
    assert evaluate_provider_eligibility(world.provider_a).get("SEC14-2.4").status == "fail"


def test_bad_records_follow_the_provider_and_corrections_supersede(world):
    make_eligible(world.provider_a)
    record = BadRecord.objects.create(
        provider=world.provider_a,
        kind="breach",
        occurred_on=date(2025, 5, 10),
        description="逾期交付",
        recorded_by=world.client_a,
    )
    evaluation = evaluate_provider_eligibility(world.provider_a)
    assert evaluation.get("SX-2.1").status == "fail"
    assert "逾期交付" in evaluation.get("SX-2.1").message
    BadRecord.objects.create(
        provider=world.provider_a,
        kind="breach",
        occurred_on=date(2025, 5, 10),
        description="登记有误，撤销",
        recorded_by=world.client_a,
        corrects=record,
        withdraws=True,
    )
    assert provider_facts(world.provider_a)["bad_records"] == []


def test_id_numbers_never_reach_the_evidence_in_clear(world):
    make_eligible(world.provider_a)
    number = StaffMember.objects.get(provider=world.provider_a).id_number
    payload = str(evaluate_provider_eligibility(world.provider_a).to_dict())
    assert number not in payload
