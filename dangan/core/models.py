"""Base classes shared by every domain model."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedModel


class AuditedModel(ScopedModel):
    """A domain object: scoped for reading, and every create/update/delete goes into the audit ledger.

    ``ledger_masked_fields`` are written to the ledger masked (personal identifiers);
    ``ledger_excluded_fields`` not at all (password hashes, derived indexes).
    """

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    ledger_masked_fields: tuple[str, ...] = ()
    ledger_excluded_fields: tuple[str, ...] = ("created_at", "updated_at")

    class Meta:
        abstract = True
