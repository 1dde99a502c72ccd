import pytest

from dangan.accounts.models import Organization, User
from dangan.core.scoping import jurisdiction_prefix


@pytest.mark.parametrize(
    ("code", "prefix"),
    [("140000", "14"), ("140100", "1401"), ("140105", "140105"), ("110000", "11"), ("500100", "5001")],
)
def test_jurisdiction_prefix(code, prefix):
    assert jurisdiction_prefix(code) == prefix


@pytest.mark.django_db
def test_restrict_is_the_same_question_for_every_model(world):
    province_orgs = set(Organization.objects.restrict(world.province_officer).values_list("name", flat=True))
    assert world.other_province.name not in province_orgs and world.client_far.name not in province_orgs
    assert {world.city.name, world.client_a.name, world.provider_b.name} <= province_orgs
    city_users = User.objects.restrict(world.city_officer)
    assert world.client_a_manager in city_users and world.provider_b_manager not in city_users


@pytest.mark.django_db
def test_inactive_or_orphan_users_see_nothing(world):
    world.client_a_manager.is_active = False
    assert not Organization.objects.restrict(world.client_a_manager).exists()
    orphan = User.objects.create(username="orphan")
    assert not Organization.objects.restrict(orphan).exists()
    assert not User.objects.restrict(orphan).exists()


@pytest.mark.django_db
def test_child_regulator_must_lie_inside_parent(world):
    from django.core.exceptions import ValidationError

    bad = Organization(name="越界下级", kind="regulator", region_code="410100", parent=world.province)
    with pytest.raises(ValidationError, match="辖区之内"):
        bad.full_clean()
