"""Writing the audit log. Operations call `record`; nothing else writes AuditEntry."""

from __future__ import annotations

from typing import Any

from django.db import models

from gcmreview.audit.models import AuditEntry


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of a row as JSON-friendly values (foreign keys by id)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def record(
    actor,
    action: str,
    target: models.Model,
    *,
    before: dict | None = None,
    after: dict | None = None,
    process=None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        process=process,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        target_repr=str(target)[:300],
        before=before,
        after=after,
    )
