import pytest
from django.urls import reverse

from dangan.supervision.models import Notification

pytestmark = pytest.mark.django_db


def test_navbar_bell_counts_only_the_users_unread_notifications(world, client):
    Notification.objects.create(user=world.client_a_manager, verb="整改通知即将到期")
    Notification.objects.create(user=world.client_a_manager, verb="已读通知", read=True)
    Notification.objects.create(user=world.client_b_manager, verb="别人的通知")
    client.force_login(world.client_a_manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="unread-count">1<' in page
