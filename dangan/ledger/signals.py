"""Every create, update and delete of a domain object (an AuditedModel) is appended to the ledger.

Bulk operations (QuerySet.update, bulk_create) bypass these signals; code that uses them must call
``dangan.ledger.services.append`` itself for each affected object or for the batch.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from dangan.core.models import AuditedModel

from . import services


def _is_audited(sender: Any) -> bool:
    return isinstance(sender, type) and issubclass(sender, AuditedModel)


@receiver(pre_save)
def remember_before(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _is_audited(sender):
        return
    before = None
    if instance.pk is not None and not instance._state.adding:
        previous = sender._default_manager.filter(pk=instance.pk).first()
        if previous is not None:
            before = services.snapshot(previous)
    instance._ledger_before = before


@receiver(post_save)
def record_save(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _is_audited(sender):
        return
    after = services.snapshot(instance)
    before = getattr(instance, "_ledger_before", None)
    if created or before is None:
        services.append("create", obj=instance, after=after)
        return
    changed = services.changed_fields(before, after)
    if changed:
        services.append(
            "update",
            obj=instance,
            before={k: before.get(k) for k in changed},
            after=changed,
        )


@receiver(post_delete)
def record_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not _is_audited(sender):
        return
    services.append("delete", obj=instance, before=services.snapshot(instance))
