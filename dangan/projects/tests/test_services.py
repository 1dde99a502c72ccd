"""The lifecycle through the services: refusals name their rule IDs and leave nothing half-written."""

from __future__ import annotations

import pytest

from dangan.ledger.models import LedgerEntry
from dangan.projects import services
from dangan.projects.models import ArchiveGroup, Contract, Project, ProjectStatus, RegionFilingPolicy
from dangan.providers.models import ProviderProfile, StaffMember
from dangan.providers.testing import add_staff

from .conftest import ALL_CLAUSES, make_project

pytestmark = pytest.mark.django_db
S = ProjectStatus


def refused_ids(exc_info) -> list[str]:
    return exc_info.value.rule_ids


def test_organ_deposit_is_refused_by_jg11_2_and_nothing_changes(pw):
    project = make_project(pw.client_a, ["deposit"], name="机关档案寄存托管")
    before = LedgerEntry.objects.count()
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.SELECTING, pw.client_a_manager)
    assert "JG11-2" in refused_ids(exc)
    assert "SX-3.1-d" in refused_ids(exc)  # the group is within the national archive's collection scope
    message = next(r.message for r in exc.value.results if r.id == "JG11-2")
    assert "寄存托管" in message
    project.refresh_from_db()
    assert project.status == S.DRAFT
    assert project.filed_on is None
    refusals = LedgerEntry.objects.filter(event="project_transition_refused")
    assert refusals.count() == 1
    assert "JG11-2" in refusals.get().after["refused_by"]
    assert LedgerEntry.objects.count() == before + 1
    assert not LedgerEntry.objects.filter(event="project_transition").exists()


def test_classified_archives_not_declassified_are_refused_by_sx_3_1_c(pw):
    project = make_project(
        pw.client_a,
        ["digitization"],
        groups=[{"name": "2012年涉密文件", "classified": True, "declassified": False}],
    )
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.SELECTING, pw.client_a_manager)
    assert refused_ids(exc) == ["SX-3.1-c"]
    assert "2012年涉密文件" in exc.value.results[0].message
    project.refresh_from_db()
    assert project.status == S.DRAFT


def test_declassified_archives_may_be_digitized(pw):
    project = make_project(
        pw.client_a,
        ["digitization"],
        groups=[{"name": "已解密文件", "classified": True, "declassified": True}],
    )
    services.transition(project, S.SELECTING, pw.client_a_manager)
    assert project.status == S.SELECTING


def test_deposit_within_national_archive_scope_is_refused_by_sx_3_1_d(pw):
    project = make_project(
        pw.client_far,
        ["deposit"],
        groups=[{"name": "2000—2015年永久文书档案", "classified": False, "in_national_archive_scope": True}],
    )
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.SELECTING, pw.client_far_manager)
    assert refused_ids(exc) == ["SX-3.1-d"]


def test_responsibility_not_declared_is_refused_by_sx_3_1_e(pw):
    project = make_project(pw.client_a, responsible_leader="", leader_duties="")
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.SELECTING, pw.client_a_manager)
    assert "SX-3.1-e" in refused_ids(exc)

    project.responsible_leader = "王某"
    project.save()
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.SELECTING, pw.client_a_manager)
    assert refused_ids(exc) == ["SX-3.1-e"]
    assert "职责" in exc.value.results[0].message


def test_missing_archive_facts_block_as_missing_evidence(pw):
    project = make_project(pw.client_a, groups=[])
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.SELECTING, pw.client_a_manager)
    result = next(r for r in exc.value.results if r.id == "SX-3.1-c")
    assert result.status == "evidence_missing"


def test_a_transition_outside_the_state_machine_is_refused(pw):
    project = make_project(pw.client_a)
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.IN_PROGRESS, pw.client_a_manager)
    assert refused_ids(exc) == ["STATE"]


def test_filing_policy_requires_the_filing_step(pw):
    RegionFilingPolicy.objects.create(regulator=pw.city, filing_required=True, kind="block")
    project = make_project(pw.client_a)
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.SELECTING, pw.client_a_manager)
    assert refused_ids(exc) == ["LOCAL-FILING"]
    services.transition(project, S.FILED, pw.client_a_manager, filing_reference="并档备〔2025〕3号")
    assert project.status == S.FILED
    assert project.filed_with == pw.city
    assert project.filing_reference == "并档备〔2025〕3号"
    assert services.build_facts(project)["filing"]["filed_before_start"] is True
    services.transition(project, S.SELECTING, pw.client_a_manager)
    assert project.status == S.SELECTING


def test_the_most_local_filing_policy_wins(pw):
    RegionFilingPolicy.objects.create(regulator=pw.province, filing_required=True)
    RegionFilingPolicy.objects.create(regulator=pw.city, filing_required=False)
    project = make_project(pw.client_a)
    assert services.filing_required(project) is False
    assert services.engine_settings(project).local_filing is False


def to_selecting(pw, **kwargs) -> Project:
    project = make_project(pw.client_a, **kwargs)
    services.transition(project, S.SELECTING, pw.client_a_manager)
    return project


def choose(pw, project, provider) -> None:
    candidate = project.candidates.get(provider=provider)
    services.select_provider(
        project,
        candidate,
        pw.client_a_manager,
        reasons="综合得分最高，具有涉密资质",
        examined=["qualifications", "track_record", "staff", "equipment", "software", "bad_records"],
        market_research=True,
        business_inspection=True,
        security_capability_reviewed=True,
        qualifications_reviewed=True,
    )


def test_candidates_are_scored_and_a_foreign_registered_provider_cannot_be_chosen(pw):
    project = to_selecting(pw)
    ProviderProfile.objects.filter(provider=pw.provider_b).update(
        registered_in_prc=False, registration_country="新加坡"
    )
    services.add_candidate(project, pw.provider_a, price=300000)
    services.add_candidate(project, pw.provider_b, price=250000)
    a = project.candidates.get(provider=pw.provider_a)
    b = project.candidates.get(provider=pw.provider_b)
    assert a.decision == "allowed"
    assert b.decision == "refused"
    assert "SX-3.1-b1" in b.eligibility["refused_by"]
    assert a.rank == 1 and b.rank == 2
    assert {c["criterion"] for c in a.score["criteria"]} >= {"price", "secrecy_qualification", "bad_records"}

    with pytest.raises(services.ProjectActionRefused) as exc:
        choose(pw, project, pw.provider_b)
    assert "SX-3.1-b1" in exc.value.rule_ids
    project.refresh_from_db()
    assert project.provider is None

    choose(pw, project, pw.provider_a)
    project.refresh_from_db()
    assert project.provider == pw.provider_a
    entry = LedgerEntry.objects.filter(event="selection_decision").get()
    assert entry.after["provider"] == pw.provider_a.name
    assert entry.after["reasons"].startswith("综合得分最高")


def test_contract_transition_needs_a_decision_first(pw):
    project = to_selecting(pw)
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.CONTRACTED, pw.client_a_manager)
    assert "SX-3.1-a" in exc.value.rule_ids


def contracted(pw, clauses=ALL_CLAUSES) -> Project:
    project = to_selecting(pw)
    services.add_candidate(project, pw.provider_a, price=300000)
    services.add_candidate(project, pw.provider_b, price=280000)
    choose(pw, project, pw.provider_a)
    services.transition(project, S.CONTRACTED, pw.client_a_manager)
    services.save_contract(
        project,
        {
            "number": "HT-2025-001",
            "signed_on": "2025-02-20",
            "security_agreement_signed": True,
            "staff_security_education": True,
        },
        dict(clauses),
    )
    return project


def test_work_cannot_start_while_the_contract_lacks_a_required_clause(pw):
    clauses = {k: v for k, v in ALL_CLAUSES.items() if k != "price"}
    project = contracted(pw, clauses)
    services.assign_staff(project, StaffMember.objects.filter(provider=pw.provider_a).first())
    services.set_operating_rules(project, ["original_handover", "process_management"])
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.IN_PROGRESS, pw.client_a_manager)
    assert "SX-3.2" in exc.value.rule_ids
    assert "价格" in next(r.message for r in exc.value.results if r.id == "SX-3.2")
    project.refresh_from_db()
    assert project.status == S.CONTRACTED


def test_main_path_to_work_start_is_ledgered(pw):
    project = contracted(pw)
    contract = Contract.objects.get(project=project)
    assert sorted(contract.clause_codes()) == sorted(ALL_CLAUSES)
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.IN_PROGRESS, pw.client_a_manager)
    assert "SX-3.1-b3" in exc.value.rule_ids  # nobody assigned yet: no staff to check
    services.assign_staff(project, StaffMember.objects.filter(provider=pw.provider_a).first(), role="扫描")
    services.transition(project, S.IN_PROGRESS, pw.client_a_manager)
    assert project.status == S.IN_PROGRESS
    moves = LedgerEntry.objects.filter(event="project_transition", object_id=str(project.pk)).order_by("seq")
    assert [(m.before["status"], m.after["status"]) for m in moves] == [
        ("draft", "selecting"),
        ("selecting", "contracted"),
        ("contracted", "in_progress"),
    ]
    assert any(r["id"] == "SX-3.2" and r["status"] == "pass" for r in moves.last().after["results"])


def test_staff_without_recorded_exception_cannot_be_assigned(pw):
    project = contracted(pw)
    foreign = add_staff(
        pw.provider_a, "John Smith", nationality="GB", id_type="passport", id_number="P1234567"
    )
    with pytest.raises(services.ProjectActionRefused) as exc:
        services.assign_staff(project, foreign)
    assert exc.value.rule_ids == ["SX-3.1-b2"]
    assert not project.staff_assignments.filter(staff=foreign).exists()


def test_scope_change_that_breaks_a_block_rule_is_rolled_back(pw):
    project = to_selecting(pw)
    group = ArchiveGroup(project=project, name="新增涉密档案", classified=True, declassified=False)
    with pytest.raises(services.ProjectActionRefused) as exc:
        services.save_scope_part(group)
    assert exc.value.rule_ids == ["SX-3.1-c"]
    assert not ArchiveGroup.objects.filter(name="新增涉密档案").exists()


def test_close_uses_facts_from_other_apps_and_needs_an_evaluation(pw, monkeypatch):
    project = contracted(pw)
    services.assign_staff(project, StaffMember.objects.filter(provider=pw.provider_a).first())
    services.transition(project, S.IN_PROGRESS, pw.client_a_manager)
    services.transition(project, S.ACCEPTING, pw.client_a_manager)
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.EVALUATING, pw.client_a_manager)
    assert "SX-3.3-c" in exc.value.rule_ids  # no acceptance facts yet

    def acceptance_and_custody(p, facts):
        facts["acceptance"] = {"safety_hazards": [], "quality_meets_standards": True, "decision": "passed"}
        facts["handovers"] = [
            {"batch": "第1批", "out_count": 100, "confirmed_by_both": True, "returned_count": 100}
        ]
        facts["close_out"] = {"media_wiped_under_supervision": True, "no_copies_retained": True}

    monkeypatch.setattr(services, "FACT_PROVIDERS", [acceptance_and_custody])
    services.transition(project, S.EVALUATING, pw.client_a_manager)
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.CLOSED, pw.client_a_manager)
    assert exc.value.rule_ids == ["SX-2.1"]
    ratings = {"quality": 5, "schedule": 4, "security": 5, "staff": 4, "cooperation": 5}
    services.save_evaluation(project, pw.client_a_manager, ratings, "按期完成")
    services.transition(project, S.CLOSED, pw.client_a_manager)
    assert project.status == S.CLOSED
    summary = services.provider_credit_summary(pw.provider_a)
    assert summary["evaluations"] == 1
    assert summary["average"] == 4.6
    assert summary["criteria"]["schedule"]["average"] == 4


def test_custody_facts_returned_short_refuse_the_close(pw, monkeypatch):
    project = contracted(pw)

    def short(p, facts):
        facts["handovers"] = [
            {"batch": "第1批", "out_count": 100, "confirmed_by_both": True, "returned_count": 98}
        ]

    monkeypatch.setattr(services, "FACT_PROVIDERS", [short])
    Project.objects.filter(pk=project.pk).update(status=S.EVALUATING)
    project.refresh_from_db()
    with pytest.raises(services.TransitionRefused) as exc:
        services.transition(project, S.CLOSED, pw.client_a_manager)
    assert "CUSTODY" in exc.value.rule_ids


def test_evaluation_ratings_must_be_1_to_5(pw):
    from django.core.exceptions import ValidationError

    project = contracted(pw)
    Project.objects.filter(pk=project.pk).update(status=S.EVALUATING)
    project.refresh_from_db()
    with pytest.raises(ValidationError):
        services.save_evaluation(project, pw.client_a_manager, {"quality": 6}, "")
