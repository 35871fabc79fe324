"""No lost updates: an edit form carries the version of the record it started from, and a save
over a newer version is refused (409) so the person sees both and chooses.

A version is a digest of the values the form edits, so it needs no column of its own and any
change through any path (another tab, a reset, the admin) makes it differ."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from django.core.serializers.json import DjangoJSONEncoder


class EditConflict(Exception):
    """The record changed after the form was opened, and the save would overwrite that."""

    def __init__(self, saved: Mapping, wanted: Mapping):
        super().__init__("The record was changed elsewhere after this form was opened.")
        self.saved, self.wanted = dict(saved), dict(wanted)
        self.version = version_of(saved)


def version_of(values: Mapping) -> str:
    text = json.dumps(dict(values), sort_keys=True, cls=DjangoJSONEncoder, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def check_version(*, started_from: str, saved: Mapping, wanted: Mapping) -> None:
    """Refuse the save if the stored values moved on since ``started_from`` and the save would
    change them. With no version (a tick sends its target state only) there is nothing to check;
    a save that changes nothing cannot lose anything."""
    if not started_from or started_from == version_of(saved):
        return
    if any(saved.get(name) != value for name, value in wanted.items()):
        raise EditConflict(saved, wanted)


def differences(form, conflict: EditConflict) -> list[dict]:
    """The fields where the saved record and the person's version differ, as readable text."""
    saved, wanted = conflict.saved, conflict.wanted

    def text(name, value):
        field = form.fields.get(name)
        choices = dict(getattr(field, "choices", []) or [])
        if isinstance(value, list | tuple):
            return ", ".join(str(choices.get(v, v)) for v in value) or "(none)"
        if value in (None, ""):
            return "(empty)"
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(choices.get(value, value))

    return [
        {
            "label": form.fields[name].label if name in form.fields else name,
            "saved": text(name, saved.get(name)),
            "yours": text(name, wanted.get(name)),
        }
        for name in wanted
        if saved.get(name) != wanted.get(name)
    ]
