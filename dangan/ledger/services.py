"""Appending to and verifying the audit ledger. The only write path to LedgerEntry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import IO, Any
from uuid import UUID

from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from dangan.core.audit_context import Actor, current_actor

from . import chain
from .models import LedgerEntry
from .models.entry import format_timestamp

# Any constant works; it only has to be the same for every appender on the database.
_PG_LOCK_KEY = 0x0DA9A11


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)  # floats as text so the hash never depends on a database's number formatting
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return format_timestamp(value) if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """Field values of a domain object as the ledger records them (masked and excluded fields honoured)."""
    from dangan.engines.identifiers import mask_id_number

    excluded = set(getattr(instance, "ledger_excluded_fields", ()))
    masked = set(getattr(instance, "ledger_masked_fields", ()))
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in excluded:
            continue
        value = getattr(instance, field.attname)
        if field.name in masked and value:
            value = mask_id_number(str(value))
        data[field.attname] = _json_safe(value)
    return data


def object_type_of(instance: models.Model) -> str:
    return instance._meta.label_lower


def append(
    event: str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: Any = None,
    after: Any = None,
    actor: Actor | None = None,
) -> LedgerEntry:
    """Append one entry in the caller's transaction: if the caller's change rolls back, so does its entry."""
    actor = actor or current_actor()
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = LedgerEntry.objects.order_by("-seq").values("seq", "hash").first()
        seq = (last["seq"] + 1) if last else 1
        prev_hash = last["hash"] if last else chain.GENESIS_HASH
        now = timezone.now()
        fields = {
            "seq": seq,
            "timestamp": format_timestamp(now),
            "event": event,
            "actor_id": actor.user_id,
            "actor_name": actor.username[:150],
            "organization_id": actor.organization_id,
            "organization_name": actor.organization_name[:200],
            "organization_region": actor.organization_region,
            "object_type": object_type[:100],
            "object_id": str(object_id)[:64],
            "object_repr": object_repr[:300],
            "before": _json_safe(before),
            "after": _json_safe(after),
            "ip_address": actor.ip_address,
            "algorithm": chain.preferred_algorithm(),
            "prev_hash": prev_hash,
        }
        fields["hash"] = chain.compute_hash(fields)
        entry = LedgerEntry(**{**fields, "timestamp": now})
        entry.save()
    return entry


def iter_chain_dicts(chunk_size: int = 5000) -> Iterator[dict[str, Any]]:
    queryset = LedgerEntry.objects.order_by("seq")
    for entry in queryset.iterator(chunk_size=chunk_size):
        yield entry.as_chain_dict()


def verify_database(record: bool = True) -> chain.ChainReport:
    """Verify the whole chain in the database; the verification itself is a security event."""
    report = chain.verify_chain(iter_chain_dicts())
    if record:
        append(
            "ledger_verify",
            object_type="ledger.ledgerentry",
            object_repr="审计日志校验",
            after=report.to_dict(),
        )
    return report


def export_jsonl(out: IO[str]) -> int:
    """Write every entry as JSON lines; records the export first so the file contains its own record."""
    append("ledger_export", object_type="ledger.ledgerentry", object_repr="导出审计日志")
    count = 0
    for entry in iter_chain_dicts():
        out.write(chain.dump_jsonl_line(entry) + "\n")
        count += 1
    return count


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in after.items() if before.get(k) != v}


__all__ = ["append", "changed_fields", "export_jsonl", "snapshot", "verify_database"]
