import pytest

from dangan.custody.demo import load_custody_demo
from dangan.custody.models import ArchiveUnit, CustodyState

pytestmark = pytest.mark.django_db


def test_demo_without_a_project_creates_nothing(world):
    assert "未创建" in load_custody_demo()[0]
    assert not ArchiveUnit.objects.exists()


def test_demo_is_idempotent_and_leaves_units_with_the_provider(cw):
    cw.project.client = cw.world.client_a
    cw.project.save()
    notes = load_custody_demo()
    assert notes and ArchiveUnit.objects.filter(custody_state=CustodyState.WITH_PROVIDER).count() == 10
    count = ArchiveUnit.objects.count()
    load_custody_demo()
    assert ArchiveUnit.objects.count() == count
