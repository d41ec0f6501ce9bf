"""How the audit trail reads for people: objects by their names, events and values in words.

Audit events store ids and codes, never names: names change, and a volunteer's name may only
be shown to those who may see personal data. This module is the small registry through which
every app says how its objects are named and how the before/after of its events read; beleid
imports no other app (they register from their `AppConfig.ready()`):

- `register_names(kind, namer)`: `namer(keys, user) -> {key: name}` names many objects of one
  kind at once, in one query whatever the number of events. `kind` is a model label
  ("workflows.planstep": the object of an event) or another kind of key (`USERNAME`). With
  `named_as`, objects take the name of another object (an engagement: its volunteer's).
- `register_fields(event_types, fields)`: per key of an event's before/after, its label, how
  its value reads, and which kind of object the value names.

`rows(events, user)` turns events into `AuditRow`s with everything named (see selectors).
The words used here (`LABELS`) are translated in beleid's catalogue, as the event names are.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.template.defaultfilters import yesno
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import (
    LEGACY_SPELLINGS,
    AuditEvent,
)

Namer = Callable[[set[str], Any], Mapping[str, str]]

# Kinds of keys that are no model's primary key.
USERNAME = "username"
DEPARTMENT_SLUG = "department-slug"

# Labels of before/after keys that are no model field, shared by every app's events.
LABELS = {
    "added": _("added"),
    "changed": _("changed"),
    "removed": _("removed"),
    "changes": _("changes"),
    "comment": _("comment"),
    "coordinator": _("coordinator"),
    "count_created": _("created"),
    "count_requested": _("requested"),
    "computed": _("according to the register"),
    "carried_over_from_year": _("carried over from"),
    "evidence_carried_over": _("evidence carried over"),
    "extended": _("round extended"),
    "file": _("file"),
    "diff": _("changes since the previous version"),
    "format": _("format"),
    "line": _("line in the file"),
    "new_task": _("new task"),
    "older_than_years": _("ended more than (years) ago"),
    "owner": _("taken by"),
    "before_start": _("given before the start"),
    "rows": _("rows"),
    "scoped": _("own departments only"),
    "since": _("changes since"),
    "source": _("source"),
    "source_sha256": _("SHA-256 of the file"),
    "state": _("state"),
    "successor": _("successor"),
    "to_reconfirm": _("to confirm again"),
    "dry_run": _("trial run, nothing stored"),
    "imported_new": _("new volunteers"),
    "imported_engaged": _("new engagements"),
    "imported_ended": _("engagements ended"),
    "imported_unchanged": _("unchanged"),
    "imported_error": _("rows with an error"),
    "date_from": _("from"),
    "date_to": _("until"),
    "event_type": _("event"),
    "actor_id": _("by"),
    "year": _("year"),
    "new": _("new"),
    "register_import": _("register import"),
    "register_file": _("register file"),
}


# --- showing a value ---------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def show_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def show_bool(value: Any) -> str:
    return yesno(bool(value))


def show_date(value: Any) -> str:
    day = parse_date(value) if isinstance(value, str) else value
    return formats.date_format(day, "DATE_FORMAT") if day else str(value)


def show_datetime(value: Any) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


def show_value(value: Any) -> str:
    """Any stored value in words: ISO dates as dates, lists and mappings spelled out."""
    if show_empty(value):
        return ""
    if isinstance(value, bool):
        return show_bool(value)
    if isinstance(value, datetime.datetime):
        return show_datetime(value)
    if isinstance(value, datetime.date):
        return show_date(value)
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            return show_date(value)
        if _ISO_DATETIME.match(value):
            return show_datetime(value)
        return value
    if isinstance(value, list | tuple):
        return ", ".join(show_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {show_value(item)}" for key, item in sorted(value.items()))
    return str(value)


def choices(mapping: Mapping[Any, Any]) -> Callable[[Any], str]:
    """Show a stored code by its label (an unknown code as it was stored)."""
    return lambda value: str(mapping.get(value, value))


# --- the registry --------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """How one key of an event's before/after reads."""

    label: Any = ""
    show: Callable[[Any], str] | None = None
    # The value is the key (or a list of keys) of objects of this kind, shown by their names.
    names: str = ""
    hidden: bool = False


HIDDEN = Field(hidden=True)


def label(key: str) -> Field:
    """A field labelled by one of the shared `LABELS`."""
    return Field(LABELS[key])


def model_field(model: type[models.Model], name: str, *, label=None, names: str = "") -> Field:
    """A key stored from a model field: its verbose name, its choices, dates, yes/no."""
    model_field_ = model._meta.get_field(name)
    show = None
    if getattr(model_field_, "flatchoices", None):
        show = choices(dict(model_field_.flatchoices))
    elif isinstance(model_field_, models.DateTimeField):
        show = show_datetime
    elif isinstance(model_field_, models.DateField):
        show = show_date
    elif isinstance(model_field_, models.BooleanField):
        show = show_bool
    elif model_field_.is_relation and not names:
        names = model_field_.related_model._meta.label_lower
    return Field(label or model_field_.verbose_name, show, names)


@dataclass
class _Kind:
    namer: Namer
    # How an object that no longer exists is named, from its event (e.g. removed evidence).
    missing: Callable[[AuditEvent], str] | None = None
    # The namer gives the key of an object of this other kind, whose name is used (an
    # engagement is named by its volunteer): all of them are then named in one go.
    named_as: str = ""


_kinds: dict[str, _Kind] = {}
_fields: dict[str, dict[str, Field]] = {}
# Keys that read the same in every event.
_common: dict[str, Field] = {
    "comment": label("comment"),
    "year": label("year"),
    "source": Field(LABELS["source"], choices({"import": LABELS["register_import"]})),
    "line": label("line"),
    "owner": Field(LABELS["owner"], names=USERNAME),
    "coordinator": Field(LABELS["coordinator"], names=USERNAME),
}


def register_names(kind: str, namer: Namer, *, missing=None, named_as: str = "") -> None:
    """How objects of `kind` are named: `namer(keys, user)` gives {key: name}, or with
    `named_as` {key: key of the object of that kind whose name it takes}."""
    _kinds[kind] = _Kind(namer, missing, named_as)


def register_fields(event_types: str | Iterable[str], fields: Mapping[str, Field]) -> None:
    for event_type in [event_types] if isinstance(event_types, str) else event_types:
        _fields.setdefault(event_type, {}).update(fields)


def registered_event_types() -> set[str]:
    return set(_fields)


def _registered(event_type: str) -> dict[str, Field]:
    """The fields registered for a stored event type (an older spelling included)."""
    return _fields.get(LEGACY_SPELLINGS.get(event_type, event_type), {})


def field_for(event_type: str, key: str) -> Field | None:
    return _registered(event_type).get(key) or _common.get(key)


# --- rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One key of an event: "label: before -> after" (one side only when the other is absent)."""

    label: str
    before: str | None
    after: str | None

    def __str__(self) -> str:
        if self.before is not None and self.after is not None:
            return f"{self.label}: {self.before or '—'} → {self.after or '—'}"
        return f"{self.label}: {self.before if self.before is not None else self.after}"


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    when: datetime.datetime
    actor: str
    event_label: str
    department: str
    subject: str
    changes: list[Change] = field(default_factory=list)

    @property
    def changes_text(self) -> str:
        return "; ".join(str(change) for change in self.changes)


def _object_kind(event: AuditEvent) -> str:
    if event.object_type_id is None:
        return ""
    return f"{event.object_type.app_label}.{event.object_type.model}"


def _keys(value: Any) -> list[str]:
    values = value if isinstance(value, list | tuple) else [value]
    return [str(item) for item in values if not show_empty(item)]


def _wanted(events: list[AuditEvent]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        kind = _object_kind(event)
        if kind in _kinds and event.object_id:
            wanted[kind].add(event.object_id)
        for side in (event.before, event.after):
            for key, value in (side or {}).items():
                spec = field_for(event.event_type, key)
                if spec is not None and spec.names in _kinds:
                    wanted[spec.names].update(_keys(value))
    return wanted


def _show(spec: Field | None, value: Any, names: Mapping[str, Mapping[str, str]]) -> str:
    if show_empty(value):
        return ""
    if spec is not None and spec.names in names:
        known = names[spec.names]
        return ", ".join(known.get(key) or _gone(spec.names, key) for key in _keys(value))
    if spec is not None and spec.show is not None:
        return spec.show(value)
    return show_value(value)


def _label(spec: Field | None, key: str) -> str:
    """Labels read in lower case ("status: ..."), as Django's verbose names; viewflow's start
    with a capital, acronyms ("SHA-256") stay as they are."""
    text = str(spec.label) if spec is not None and spec.label else key.replace("_", " ")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _ordered_keys(event_type: str, keys: set[str]) -> list[str]:
    """The keys in the order their event type registered them, then the common ones, then
    the rest alphabetically: the same order on every database (PostgreSQL's jsonb does not
    keep the order in which the keys were written)."""
    known = [*_registered(event_type), *_common]
    rank = {key: index for index, key in enumerate(dict.fromkeys(known))}
    return sorted(keys, key=lambda key: (rank.get(key, len(rank)), key))


def _changes(event: AuditEvent, names) -> list[Change]:
    before, after = event.before or {}, event.after or {}
    changes = []
    for key in _ordered_keys(event.event_type, {*before, *after}):
        spec = field_for(event.event_type, key)
        if spec is not None and spec.hidden:
            continue
        old = _show(spec, before[key], names) if key in before else None
        new = _show(spec, after[key], names) if key in after else None
        if not old and not new:
            continue
        if old == new or (key in before) != (key in after):
            old, new = (None, new) if new else (old, None)
        changes.append(Change(_label(spec, key), old, new))
    return changes


def _gone(kind: str, key: str) -> str:
    """A referenced object that no longer exists: what it was, never its number."""
    try:
        model = apps.get_model(kind)
    except (LookupError, ValueError):
        return key  # a readable key, e.g. a username
    return gettext("%(what)s (no longer exists)") % {"what": model._meta.verbose_name}


def _subject(event: AuditEvent, names) -> str:
    kind = _object_kind(event)
    if not kind:
        return ""
    name = names.get(kind, {}).get(event.object_id)
    if name:
        return name
    registered = _kinds.get(kind)
    if registered is not None and registered.missing is not None:
        return registered.missing(event)
    model = event.object_type.model_class()
    what = capfirst(model._meta.verbose_name) if model is not None else kind
    if registered is None:
        return what  # no app says how to name it: what it is, never its number
    return gettext("%(what)s (no longer exists)") % {"what": what}


def _actor(event: AuditEvent) -> str:
    if event.actor is None:
        return gettext("system")
    return event.actor.get_full_name() or event.actor.get_username()


def names_for(wanted: Mapping[str, Collection[str]], user) -> dict[str, Mapping[str, str]]:
    """Per kind, the names of the wanted keys: one namer call (a query) per kind. Kinds named
    as another kind first give their keys of that kind, which is then named once for all."""
    wanted = {kind: set(keys) for kind, keys in wanted.items() if keys}
    pointers = {}
    for kind in [kind for kind in wanted if _kinds[kind].named_as]:
        target = _kinds[kind].named_as
        pointers[kind] = {key: str(other) for key, other in
                          _kinds[kind].namer(wanted.pop(kind), user).items()}
        wanted.setdefault(target, set()).update(pointers[kind].values())
    names = {kind: _kinds[kind].namer(keys, user) for kind, keys in wanted.items()}
    for kind, targets in pointers.items():
        target_names = names.get(_kinds[kind].named_as, {})
        names[kind] = {key: target_names[other] for key, other in targets.items()
                       if other in target_names}
    return names


def rows(events: Iterable[AuditEvent], user) -> list[AuditRow]:
    """The events as people read them, named for `user` (a bounded number of queries: one
    per kind of object, whatever the number of events). Load the events with
    `select_related("actor", "object_type", "department")`."""
    events = list(events)
    names = names_for(_wanted(events), user)
    return [
        AuditRow(
            event=event,
            when=event.created_at,
            actor=_actor(event),
            event_label=event.event_label,
            department=event.department.name if event.department_id else "",
            subject=_subject(event, names),
            changes=_changes(event, names),
        )
        for event in events
    ]
