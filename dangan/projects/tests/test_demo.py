import pytest

from dangan.accounts import roles
from dangan.core.testing import make_org, make_user
from dangan.projects.demo import ARCHIVE_PROJECT, ORGAN_PROJECT, PROVIDER_1, PROVIDER_2, load_projects_demo
from dangan.projects.models import Project
from dangan.providers.testing import make_eligible

pytestmark = pytest.mark.django_db


def test_demo_reaches_work_and_is_idempotent():
    organ = make_org(roles.CLIENT, name="某市人民政府办公室", client_kind="organ")
    make_user(organ, roles.CLIENT_MANAGER)
    make_org(roles.CLIENT, name="某市档案馆", client_kind="national_archive")
    profile = make_eligible(make_org(roles.PROVIDER, name=PROVIDER_1))
    profile.business_scope = ["digitization", "organizing", "ocr"]
    profile.save()
    profile.provider.staff_members.update(political_review=True)
    make_eligible(make_org(roles.PROVIDER, "140105", name=PROVIDER_2), secrecy=False)
    assert load_projects_demo() == []
    organ_project = Project.objects.get(name=ORGAN_PROJECT)
    assert organ_project.status == "in_progress"
    assert organ_project.provider.name == PROVIDER_1
    assert organ_project.candidates.count() == 2
    assert Project.objects.get(name=ARCHIVE_PROJECT).status == "draft"
    load_projects_demo()
    assert Project.objects.count() == 2
