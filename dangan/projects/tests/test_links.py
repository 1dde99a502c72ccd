import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_project_page_links_to_the_other_apps_pages_for_the_project(world, client):
    from dangan.projects.models import Project

    project = Project.objects.create(client=world.client_a, name="链接测试项目", service_types=["digitization"])
    client.force_login(world.client_a_manager)
    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    for url in (
        reverse("custody:project", kwargs={"project_pk": project.pk}),
        reverse("production:board", kwargs={"project_pk": project.pk}),
        reverse("supervision:work_ledger", kwargs={"pk": project.pk}),
        reverse("acceptance:project", kwargs={"project_pk": project.pk}),
    ):
        assert url in page
        assert client.get(url).status_code == 200, url


def test_production_link_only_for_projects_that_track_stages(world, client):
    from dangan.projects.models import Project

    project = Project.objects.create(client=world.client_a, name="系统建设项目", service_types=["info_system"])
    client.force_login(world.client_a_manager)
    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert reverse("production:board", kwargs={"project_pk": project.pk}) not in page
