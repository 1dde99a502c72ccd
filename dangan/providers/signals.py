"""Bad records are never deleted, not even by a queryset delete (SX-2.1: they follow the provider)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext

from .models import BadRecord, BadRecordImmutable


@receiver(pre_delete, sender=BadRecord)
def refuse_bad_record_delete(sender: Any, instance: BadRecord, **kwargs: Any) -> None:
    raise BadRecordImmutable(gettext("不良记录登记后不能删除，请登记一条更正记录（SX-2.1）"))
