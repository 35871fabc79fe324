"""The record of content changes made through the admin: who, when, before and after."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import ContentChange


def object_key(instance: models.Model) -> str:
    for name in ("key", "slug"):
        if hasattr(instance, name):
            return str(getattr(instance, name))
    return str(instance.pk)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's content fields, foreign keys by their target's stable key."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.is_relation:
            target = getattr(instance, field.name, None)
            values[field.name] = object_key(target) if target is not None else None
        else:
            value = getattr(instance, field.attname)
            plain = isinstance(value, (str, int, float, bool, list, dict, type(None)))
            values[field.name] = value if plain else str(value)
    return values


def record(*, user, instance: models.Model, action: str,
           before: dict[str, Any] | None = None) -> ContentChange | None:  # fmt: skip
    after = {} if action == ContentChange.Action.DELETE else snapshot(instance)
    before = before or {}
    changes = {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }
    if action == ContentChange.Action.CHANGE and not changes:
        return None
    return ContentChange.objects.create(
        user=user if user and user.is_authenticated else None,
        user_email=getattr(user, "email", "") or "",
        model=instance._meta.verbose_name,
        object_key=object_key(instance),
        action=action,
        changes=changes,
    )
