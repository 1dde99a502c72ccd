import pytest
from django.urls import reverse

from dangan.core import navigation
from dangan.core.navigation import MenuItem, organization_kind_in


@pytest.fixture
def menu_entry(monkeypatch):
    monkeypatch.setattr(navigation, "MENU", [])
    navigation.register_menu(
        MenuItem("测试菜单", "organization_list", "bi-star", order=5, visible=organization_kind_in("client"),
                 active_prefixes=("organization_",))
    )


@pytest.mark.django_db
def test_registered_entries_show_only_to_the_users_they_are_for(world, client, menu_entry):
    client.force_login(world.client_a_manager)
    page = client.get(reverse("organization_list")).content.decode()
    assert "测试菜单" in page and "bi-star" in page
    client.force_login(world.provider_a_manager)
    assert "测试菜单" not in client.get(reverse("dashboard")).content.decode()


def test_entry_is_active_on_its_own_pages():
    item = MenuItem("项目", "project_list")
    assert item.is_active("project_detail") and not item.is_active("organization_list")


def test_entries_of_a_group_share_one_dropdown():
    from dangan.core.navigation import MenuGroup, grouped

    a = MenuItem("外包项目", "project_list", group="项目")
    b = MenuItem("服务方名录", "provider_list")
    c = MenuItem("成果验收", "acceptance:round_list", group="项目")
    d = MenuItem("监督检查", "supervision:inspection_list", group="监督")
    result = grouped([(a, False), (b, False), (c, True), (d, False)])
    assert isinstance(result[0], MenuGroup) and [i.label for i, _ in result[0].entries] == ["外包项目", "成果验收"]
    assert result[0].active
    assert result[1] == (b, False)
    assert result[2] == (d, False)  # a group of one is a plain entry
