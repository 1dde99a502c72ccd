from datetime import date, timedelta

import pytest
from django.urls import reverse

from dangan.providers.models import Qualification

pytestmark = pytest.mark.django_db


def test_provider_dashboard_warns_of_expiring_qualifications(world, client):
    Qualification.objects.create(
        provider=world.provider_a,
        name="涉密资质（数字化加工）",
        kind="secrecy",
        valid_until=date.today() + timedelta(days=10),
    )
    Qualification.objects.create(
        provider=world.provider_a, name="远期资质", valid_until=date.today() + timedelta(days=400)
    )
    client.force_login(world.provider_a_manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert "资质到期提醒" in page
    assert "涉密资质（数字化加工）" in page and "10 天后到期" in page
    assert "远期资质" not in page


def test_clients_do_not_get_the_provider_panel(world, client):
    client.force_login(world.client_a_manager)
    assert "资质到期提醒" not in client.get(reverse("dashboard")).content.decode()
