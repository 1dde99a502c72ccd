"""In-app notifications, and e-mail when the deployment configured a mail server (DANGAN_EMAIL_HOST)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.translation import gettext

from dangan.ledger import services as ledger

from ..models import Notification


def email_enabled() -> bool:
    return bool(getattr(settings, "EMAIL_HOST", ""))


def notify(users: Iterable[Any], verb: str, url: str = "", category: str = "", obj: Any = None) -> int:
    """One notification per distinct user; one ledger entry for the whole send."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    if not recipients:
        return 0
    with transaction.atomic():
        Notification.objects.bulk_create(
            [
                Notification(user=u, verb=verb[:300], url=url[:300], category=category)
                for u in recipients.values()
            ]
        )
        ledger.append(
            "notification_sent",
            obj=obj,
            after={
                "verb": verb,
                "category": category,
                "users": sorted(u.username for u in recipients.values()),
            },
        )
    if email_enabled():
        base = getattr(settings, "DANGAN_SITE_URL", "").rstrip("/")
        messages = [
            (
                gettext("[档案外包监管] %(v1)s") % {"v1": verb[:60]},
                f"{verb}\n\n{base}{url}" if url else verb,
                settings.DEFAULT_FROM_EMAIL,
                [u.email],
            )
            for u in recipients.values()
            if u.email
        ]
        if messages:
            transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(recipients)
