"""Pages of the provider registry: who sees (200), who does not (404), who may not change (403), and
the refusals a user sees with their rule IDs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from dangan.accounts import roles
from dangan.core.testing import make_user
from dangan.ledger.models import LedgerEntry
from dangan.providers.models import BadRecord, Qualification, Shareholder, StaffMember
from dangan.providers.testing import invalid_id_number, make_eligible, valid_id_number

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(user, name: str, *args: object, query: str = ""):
    return client_for(user).get(reverse(name, args=args) + query)


@pytest.fixture
def registry(world):
    make_eligible(world.provider_a)
    return world


# --------------------------------------------------------------------------------------------- list


def test_list_shows_each_user_the_providers_in_scope(registry):
    w = registry
    page = get(w.client_far_manager, "provider_list").content.decode()
    # clients compare every active provider, also those of another province
    assert w.provider_a.name in page and w.provider_b.name in page
    page = get(w.province_officer, "provider_list").content.decode()
    assert w.provider_a.name in page and w.provider_b.name in page
    assert w.provider_a.name not in get(w.other_officer, "provider_list").content.decode()
    page = get(w.provider_b_manager, "provider_list").content.decode()
    assert w.provider_b.name in page and w.provider_a.name not in page


def test_list_columns_show_decision_counts_and_secrecy(registry):
    w = registry
    page = get(w.client_a_manager, "provider_list").content.decode()
    row_a = page.split(f'data-testid="provider-row-{w.provider_a.pk}"')[1].split("</tr>")[0]
    assert "准予" in row_a and w.provider_a.uscc in row_a
    assert ">有<" in row_a  # 涉密资质
    row_b = page.split(f'data-testid="provider-row-{w.provider_b.pk}"')[1].split("</tr>")[0]
    assert "暂不能批准" in row_b and ">无<" in row_b


# ------------------------------------------------------------------------------------------- detail


@pytest.mark.parametrize(
    "tab",
    [
        "overview",
        "shareholders",
        "staff",
        "training",
        "qualifications",
        "assets",
        "bad_records",
        "eligibility",
    ],
)
def test_every_tab_is_readable_in_scope_and_404_outside(registry, tab):
    w = registry
    q = f"?tab={tab}"
    for user in (
        w.provider_a_manager,
        w.client_a_manager,
        w.client_far_manager,
        w.province_officer,
        w.city_officer,
    ):
        assert get(user, "provider_detail", w.provider_a.pk, query=q).status_code == 200
    assert get(w.provider_b_manager, "provider_detail", w.provider_a.pk, query=q).status_code == 404
    assert get(w.other_officer, "provider_detail", w.provider_a.pk, query=q).status_code == 404


def test_staff_id_numbers_are_masked_on_the_page(registry):
    w = registry
    number = StaffMember.objects.get(provider=w.provider_a).id_number
    page = get(w.client_a_manager, "provider_detail", w.provider_a.pk, query="?tab=staff").content.decode()
    assert number not in page
    assert number[:6] + "********" + number[-4:] in page


def test_eligibility_tab_lists_every_provider_rule_with_status(registry):
    w = registry
    page = get(
        w.client_a_manager, "provider_detail", w.provider_a.pk, query="?tab=eligibility"
    ).content.decode()
    for rule in ("SX-3.1-b1", "SX-3.1-b2", "SX-3.1-b3", "REG-28", "SX-4.1", "SX-4.3", "SEC14-2.4", "SX-2.1"):
        assert f'data-testid="rule-{rule}"' in page
    assert 'data-testid="rule-SX-3.1-b1" data-status="pass"' in page


def test_qualification_expiry_colours_and_days_left(registry, settings):
    w = registry
    settings.PROVIDER_EXPIRY_WARNING_DAYS = 30
    today = date.today()
    Qualification.objects.create(
        provider=w.provider_a, name="ISO 9001", kind="iso", valid_until=today + timedelta(days=20)
    )
    Qualification.objects.create(
        provider=w.provider_a, name="旧证", kind="other", valid_until=today - timedelta(days=3)
    )
    page = get(
        w.provider_a_manager, "provider_detail", w.provider_a.pk, query="?tab=qualifications"
    ).content.decode()
    assert 'data-testid="qualification-expiring"' in page and "20 天后到期" in page
    assert 'data-testid="qualification-expired"' in page and "已过期 3 天" in page
    assert "到期前 30 天提示" in page


# ------------------------------------------------------------------------------------------- editing


def test_owner_edits_and_others_cannot(registry):
    w = registry
    url_name = "provider_shareholder_add"
    data = {"name": "王某", "nationality": "CN"}
    response = client_for(w.provider_a_manager).post(reverse(url_name, args=[w.provider_a.pk]), data)
    assert response.status_code == 302
    assert Shareholder.objects.filter(provider=w.provider_a, name="王某").exists()
    assert LedgerEntry.objects.filter(event="create", object_type="providers.shareholder").exists()
    # another provider: the provider does not exist for it
    assert (
        client_for(w.provider_b_manager).post(reverse(url_name, args=[w.provider_a.pk]), data).status_code
        == 404
    )
    # clients and regulators read, but have no capability to change
    assert (
        client_for(w.client_a_manager).post(reverse(url_name, args=[w.provider_a.pk]), data).status_code
        == 403
    )
    assert (
        client_for(w.province_officer).post(reverse(url_name, args=[w.provider_a.pk]), data).status_code
        == 403
    )
    operator = make_user(w.provider_a, roles.PROVIDER_OPERATOR)
    assert get(operator, url_name, w.provider_a.pk).status_code == 403
    holder = Shareholder.objects.get(name="王某")
    edit = reverse("provider_shareholder_edit", args=[w.provider_a.pk, holder.pk])
    assert client_for(w.provider_b_manager).get(edit).status_code == 404


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("provider_qualification_add", {"name": "ISO 27001", "kind": "iso", "valid_until": "2030-01-01"}),
        ("provider_equipment_add", {"name": "平板扫描仪", "count": 2, "offline": "on"}),
        ("provider_software_add", {"name": "图像处理软件", "version": "3.1"}),
    ],
)
def test_owner_adds_registry_rows(registry, name, data):
    w = registry
    response = client_for(w.provider_a_manager).post(reverse(name, args=[w.provider_a.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client_for(w.client_a_manager).post(reverse(name, args=[w.provider_a.pk]), data).status_code == 403


def test_staff_form_refuses_invalid_id_with_rule_id(registry):
    w = registry
    data = {"name": "王五", "id_type": "resident_id", "id_number": invalid_id_number(), "nationality": "CN"}
    response = client_for(w.provider_a_manager).post(
        reverse("provider_staff_add", args=[w.provider_a.pk]), data
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "SX-3.1-b3：居民身份证号码无效" in page and "校验位错误" in page
    assert not StaffMember.objects.filter(name="王五").exists()


def test_staff_form_refuses_duplicate_and_keeps_number_when_left_blank(registry):
    w = registry
    member = StaffMember.objects.get(provider=w.provider_a)
    url = reverse("provider_staff_add", args=[w.provider_a.pk])
    data = {"name": "重复", "id_type": "resident_id", "id_number": member.id_number, "nationality": "CN"}
    response = client_for(w.provider_a_manager).post(url, data)
    assert "该证件号码已登记" in response.content.decode()
    edit = reverse("provider_staff_edit", args=[w.provider_a.pk, member.pk])
    form_page = client_for(w.provider_a_manager).get(edit).content.decode()
    assert member.id_number not in form_page
    data = {
        "name": "李工（改）",
        "id_type": "resident_id",
        "id_number": "",
        "nationality": "CN",
        "is_active": "on",
    }
    assert client_for(w.provider_a_manager).post(edit, data).status_code == 302
    member.refresh_from_db()
    assert member.name == "李工（改）" and len(member.id_number) == 18


def test_foreign_shareholder_shows_b2_refusal(registry):
    w = registry
    url = reverse("provider_shareholder_add", args=[w.provider_a.pk])
    response = client_for(w.provider_a_manager).post(
        url, {"name": "Example Ltd.", "nationality": "US"}, follow=True
    )
    assert "SX-3.1-b2：" in response.content.decode()  # flashed at once after saving
    page = get(w.client_a_manager, "provider_list").content.decode()
    row = page.split(f'data-testid="provider-row-{w.provider_a.pk}"')[1].split("</tr>")[0]
    assert "拒绝" in row and "SX-3.1-b2" in row


def test_foreign_registered_provider_shows_b1_refusal(registry):
    w = registry
    url = reverse("provider_profile_edit", args=[w.provider_a.pk])
    data = {
        "uscc": w.provider_a.uscc,
        "registration_country": "新加坡",
        "enterprise_legal_person": "on",
        "business_scope": ["digitization"],
        "premises": "加工场地",
        "professional_capability": "on",
        "security_management_system": "on",
        "accepts_supervision": "on",
    }
    response = client_for(w.provider_a_manager).post(url, data, follow=True)
    assert "SX-3.1-b1：服务方不是在中华人民共和国境内注册的法人" in response.content.decode()
    page = get(w.client_a_manager, "provider_detail", w.provider_a.pk).content.decode()
    assert 'data-testid="refused-rule">SX-3.1-b1<' in page


def test_profile_form_refuses_invalid_uscc(registry):
    w = registry
    url = reverse("provider_profile_edit", args=[w.provider_a.pk])
    bad = w.provider_a.uscc[:-1] + ("0" if w.provider_a.uscc[-1] != "0" else "1")
    response = client_for(w.provider_a_manager).post(url, {"uscc": bad, "registered_in_prc": "on"})
    assert response.status_code == 200
    assert "SX-3.1-b1：统一社会信用代码无效" in response.content.decode()


def test_delete_is_ledgered_and_scoped(registry):
    w = registry
    holder = Shareholder.objects.get(provider=w.provider_a)
    url = reverse("provider_row_delete", args=[w.provider_a.pk, "shareholder", holder.pk])
    assert client_for(w.client_a_manager).post(url).status_code == 403
    assert client_for(w.provider_b_manager).post(url).status_code == 404
    assert client_for(w.provider_a_manager).post(url).status_code == 302
    assert not Shareholder.objects.filter(pk=holder.pk).exists()
    assert LedgerEntry.objects.filter(event="delete", object_type="providers.shareholder").exists()
    bad_kind = reverse("provider_row_delete", args=[w.provider_a.pk, "badrecord", 1])
    assert client_for(w.provider_a_manager).post(bad_kind).status_code == 404


def test_training_record_added_for_own_staff_only(registry):
    w = registry
    member = StaffMember.objects.get(provider=w.provider_a)
    url = reverse("provider_training_add", args=[w.provider_a.pk, member.pk])
    data = {"course": "档案保密培训", "trained_on": "2025-01-10", "certificate_no": "BM-1"}
    assert client_for(w.provider_a_manager).post(url, data).status_code == 302
    assert member.training_records.filter(course="档案保密培训").exists()
    assert client_for(w.provider_b_manager).post(url, data).status_code == 404
    other = StaffMember.objects.create(provider=w.provider_b, name="乙", id_number=valid_id_number())
    wrong = reverse("provider_training_add", args=[w.provider_a.pk, other.pk])
    assert client_for(w.provider_a_manager).post(wrong, data).status_code == 404


# --------------------------------------------------------------------------------------- bad records


def test_bad_record_entered_by_client_follows_provider_to_other_province(registry):
    w = registry
    url = reverse("provider_bad_record_add", args=[w.provider_a.pk])
    data = {"kind": "breach", "occurred_on": "2025-06-01", "description": "逾期三个月未交付成果"}
    assert client_for(w.client_a_manager).post(url, data).status_code == 302
    record = BadRecord.objects.get(provider=w.provider_a)
    assert record.recorded_by == w.client_a
    # a client in another province considering the provider sees it (SX-2.1)
    page = get(
        w.client_far_manager, "provider_detail", w.provider_a.pk, query="?tab=bad_records"
    ).content.decode()
    assert "逾期三个月未交付成果" in page
    page = get(
        w.client_far_manager, "provider_detail", w.provider_a.pk, query="?tab=eligibility"
    ).content.decode()
    assert 'data-testid="rule-SX-2.1" data-status="fail"' in page
    # and so does the provider itself, which can neither add nor remove records
    assert (
        "逾期三个月未交付成果"
        in get(
            w.provider_a_manager, "provider_detail", w.provider_a.pk, query="?tab=bad_records"
        ).content.decode()
    )
    assert client_for(w.provider_a_manager).post(url, data).status_code == 403


def test_regulator_enters_bad_records_only_in_jurisdiction(registry):
    w = registry
    data = {
        "kind": "penalty",
        "occurred_on": "2025-02-01",
        "description": "行政处罚",
        "basis": "某档罚〔2025〕1号",
    }
    url_a = reverse("provider_bad_record_add", args=[w.provider_a.pk])
    assert client_for(w.city_officer).post(url_a, data).status_code == 302
    assert client_for(w.other_officer).post(url_a, data).status_code == 404
    # provider_b is in 140200, outside the city's jurisdiction (1401)
    url_b = reverse("provider_bad_record_add", args=[w.provider_b.pk])
    assert client_for(w.city_officer).post(url_b, data).status_code == 404
    assert client_for(w.province_sysadmin).post(url_a, data).status_code == 403


def test_bad_record_correction_supersedes_without_deleting(registry):
    w = registry
    record = BadRecord.objects.create(
        provider=w.provider_a,
        kind="breach",
        occurred_on=date(2025, 1, 1),
        description="误登",
        recorded_by=w.client_a,
    )
    url = reverse("provider_bad_record_add", args=[w.provider_a.pk])
    form = get(w.client_a_manager, "provider_bad_record_add", w.provider_a.pk, query=f"?corrects={record.pk}")
    assert "不能删除或修改" in form.content.decode()
    data = {
        "kind": "breach",
        "occurred_on": "2025-01-01",
        "description": "撤销：登记对象有误",
        "corrects": record.pk,
        "withdraws": "on",
    }
    assert client_for(w.client_a_manager).post(url, data).status_code == 302
    assert BadRecord.objects.filter(pk=record.pk).exists()
    page = get(w.client_b_manager, "provider_list").content.decode()
    row = page.split(f'data-testid="provider-row-{w.provider_a.pk}"')[1].split("</tr>")[0]
    assert 'data-testid="bad-count"' not in row


def test_bad_records_refuse_deletion_and_change(registry):
    from dangan.providers.models import BadRecordImmutable

    w = registry
    record = BadRecord.objects.create(
        provider=w.provider_a,
        kind="breach",
        occurred_on=date(2025, 1, 1),
        description="x",
        recorded_by=w.client_a,
    )
    with pytest.raises(BadRecordImmutable):
        record.delete()
    with pytest.raises(BadRecordImmutable), transaction.atomic():
        BadRecord.objects.filter(pk=record.pk).delete()
    record.description = "改写"
    with pytest.raises(BadRecordImmutable):
        record.save()
    record.refresh_from_db()
    record.published = True
    record.save()  # publication is the one thing that may change
