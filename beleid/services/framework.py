"""The framework as versioned data: load a YAML file, publish a version, compare two versions.

The content of the minimal framework (quality lines, steps, requirements) lives in a YAML file
in the repository (`beleid/framework/<version>.yaml`; the format is documented at the top of
those files). Loading validates the whole file before anything is written; a refused file
writes nothing. A draft version follows its file; a published or retired version is immutable.
Publishing a draft retires the version published until then and records the difference, which
is what departments are asked to re-confirm.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from beleid.models import FrameworkVersion, QualityLine, Requirement, Step
from beleid.services.audit import audit_log

FRAMEWORK_LOADED = "FRAMEWORK_LOADED"
FRAMEWORK_PUBLISHED = "FRAMEWORK_PUBLISHED"
FRAMEWORK_RETIRED = "FRAMEWORK_RETIRED"

# Stable requirement codes: a prefix per step and a number, e.g. "ONB-03".
REQUIREMENT_CODE = re.compile(r"^[A-Z]{2,5}-\d{2,3}$")
# Version codes: the year and a number, e.g. "2024.1"; they sort in publication order.
VERSION_CODE = re.compile(r"^\d{4}\.\d{1,2}$")
TRAINING_VALID_MONTHS_MAX = 120


class FrameworkError(Exception):
    """A framework operation was refused; `.errors` says why, one message per problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class FrameworkFileError(FrameworkError):
    """A framework file was refused and nothing was written. Each error names its place."""


@dataclass(frozen=True)
class FrameworkDiff:
    """What changed in the requirements between two versions, by stable requirement code."""

    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "changed": {code: list(names) for code, names in self.changed.items()},
            "removed": list(self.removed),
        }


@dataclass(frozen=True)
class FrameworkImport:
    """The outcome of loading a framework file."""

    version: FrameworkVersion
    outcome: str  # "created", "updated" or "unchanged"
    changes: FrameworkDiff  # requirements changed by this load (a new version: all added)
    published: FrameworkDiff | None = None  # the diff with the previous version, if published


# --- reading and validating a file --------------------------------------------------------


class _Mapping(dict):
    """A YAML mapping that remembers the line it starts on."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records lines and refuses nothing silently (duplicate keys)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.problems: list[str] = []


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            loader.problems.append(
                _("line %(line)s: field names must be text, not %(key)r")
                % {"line": key_node.start_mark.line + 1, "key": key}
            )
            continue
        if key in mapping:
            loader.problems.append(
                _('line %(line)s: field "%(key)s" appears twice in the same block')
                % {"line": key_node.start_mark.line + 1, "key": key}
            )
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class _Field:
    name: str
    kind: type = str
    required: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    default: Any = ""
    maximum: int | None = None  # for whole numbers (the minimum is 1)
    label: str = ""  # how an unknown choice is named in a message; the field name if empty

    def empty(self) -> Any:
        return list(self.default) if self.kind is list else self.default


def _text(model: type[models.Model], name: str, *, required: bool = False) -> _Field:
    return _Field(name, str, required, model._meta.get_field(name).max_length)


_VERSION_FIELDS = (
    _Field("version", str, True, FrameworkVersion._meta.get_field("code").max_length),
    _text(FrameworkVersion, "title", required=True),
    _text(FrameworkVersion, "title_en"),
    _text(FrameworkVersion, "vision"),
    _text(FrameworkVersion, "vision_en"),
    _Field("training_valid_months", int, default=36, maximum=TRAINING_VALID_MONTHS_MAX),
    _Field("quality_lines", list, default=()),
    _Field("steps", list, True),
)
_QUALITY_LINE_FIELDS = (
    _text(QualityLine, "code", required=True),
    _text(QualityLine, "title", required=True),
    _text(QualityLine, "title_en"),
    _text(QualityLine, "description"),
    _text(QualityLine, "description_en"),
)
_STEP_FIELDS = (
    _Field("code", str, True, choices=tuple(Step.Kind.values), label=gettext_noop("step")),
    _Field("quality_line", str, default=None),
    _text(Step, "title", required=True),
    _text(Step, "title_en"),
    _text(Step, "description"),
    _text(Step, "description_en"),
    _Field("requirements", list, default=()),
)
_REQUIREMENT_FIELDS = (
    _text(Requirement, "code", required=True),
    _text(Requirement, "title", required=True),
    _text(Requirement, "title_en"),
    _text(Requirement, "guidance"),
    _text(Requirement, "guidance_en"),
    _text(Requirement, "legal_basis"),
    _text(Requirement, "expected_evidence"),
    _text(Requirement, "expected_evidence_en"),
    _Field("mandatory", bool, default=True),
    _Field(
        "applies_to",
        str,
        choices=tuple(Requirement.AppliesTo.values),
        default=Requirement.AppliesTo.ALL.value,
    ),
)
_TYPE_NAMES = {
    str: gettext_noop("text"),
    bool: gettext_noop("true or false"),
    int: gettext_noop("a whole number"),
    list: gettext_noop("a list"),
}


@dataclass
class _Content:
    """A framework version in comparable form: what a file says, or what the database holds."""

    version: dict[str, Any]
    quality_lines: dict[str, dict[str, Any]]
    steps: dict[str, dict[str, Any]]
    requirements: dict[str, dict[str, Any]]  # code -> COMPARED_FIELDS (step by code) + order

    @property
    def code(self) -> str:
        return self.version["code"]


def _place(kind: str, item: Any, position: int) -> tuple[str, int | None]:
    """How a message names a list item of the file ("requirement ONB-03 (line 57)"), and its
    line. An item that is not a block of fields has no line: it is named by its position."""
    line = getattr(item, "line", None)
    if line is None:
        return _("%(kind)s no. %(position)s") % {"kind": kind, "position": position}, None
    code = item.get("code")
    if isinstance(code, str) and code.strip():
        return _("%(kind)s %(code)s (line %(line)s)") % {
            "kind": kind,
            "code": code,
            "line": line,
        }, line
    return _("%(kind)s (line %(line)s)") % {"kind": kind, "line": line}, line


def _clean(data: Any, fields: tuple[_Field, ...], place: str, errors: list[str]) -> dict | None:
    """Check one block of the file against its fields; collect every problem in `errors`."""
    if not isinstance(data, dict):
        errors.append(_("%(place)s: expected a block of fields") % {"place": place})
        return None
    known = {f.name for f in fields}
    for name in data:
        if name not in known:
            errors.append(
                _('%(place)s: unknown field "%(name)s" (known fields: %(known)s)')
                % {"place": place, "name": name, "known": ", ".join(f.name for f in fields)}
            )
    cleaned: dict[str, Any] = {}
    for spec in fields:
        value = data.get(spec.name)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if spec.required:
                errors.append(
                    _("%(place)s: %(name)s is missing") % {"place": place, "name": spec.name}
                )
            cleaned[spec.name] = spec.empty()
            continue
        if not isinstance(value, spec.kind) or (spec.kind is int and isinstance(value, bool)):
            hint = _(' (put it in quotes: "%(value)s")') % {"value": value}
            errors.append(
                _("%(place)s: %(name)s must be %(type)s, not %(value)r%(hint)s")
                % {
                    "place": place,
                    "name": spec.name,
                    "type": _(_TYPE_NAMES[spec.kind]),
                    "value": value,
                    "hint": hint if spec.kind is str and isinstance(value, int | float) else "",
                }
            )
            cleaned[spec.name] = spec.empty()
            continue
        if spec.max_length and len(value) > spec.max_length:
            errors.append(
                _("%(place)s: %(name)s is longer than %(max)s characters")
                % {"place": place, "name": spec.name, "max": spec.max_length}
            )
        if spec.kind is int and not 1 <= value <= (spec.maximum or value):
            errors.append(
                _("%(place)s: %(name)s must be between 1 and %(max)s")
                % {"place": place, "name": spec.name, "max": spec.maximum}
            )
        if spec.choices and value not in spec.choices:
            errors.append(
                _('%(place)s: %(name)s "%(value)s" is unknown (choose from: %(choices)s)')
                % {
                    "place": place,
                    "name": _(spec.label) if spec.label else spec.name,
                    "value": value,
                    "choices": ", ".join(spec.choices),
                }
            )
        cleaned[spec.name] = value
    return cleaned


def _without(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in names}


def _parse(text: str) -> _Content:
    """Parse and validate the whole file; raise FrameworkFileError with every problem."""
    loader = _LineLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise FrameworkFileError(
            [
                _("YAML syntax error at line %(line)s, column %(column)s: %(problem)s")
                % {
                    "line": mark.line + 1 if mark else "?",
                    "column": mark.column + 1 if mark else "?",
                    "problem": exc.problem or exc.context,
                }
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise FrameworkFileError([_("YAML syntax error: %(error)s") % {"error": exc}]) from exc
    finally:
        loader.dispose()

    errors = list(loader.problems)
    top = _clean(data, _VERSION_FIELDS, _("top level"), errors)
    if top is None:
        raise FrameworkFileError(errors)
    if top["version"] and not VERSION_CODE.match(top["version"]):
        errors.append(
            _('top level: version "%(code)s" is not of the form 2024.1 (year.number)')
            % {"code": top["version"]}
        )

    quality_lines: dict[str, dict[str, Any]] = {}
    lines_at: dict[str, int] = {}
    for order, item in enumerate(top["quality_lines"], start=1):
        place, line = _place(_("quality line"), item, order)
        cleaned = _clean(item, _QUALITY_LINE_FIELDS, place, errors)
        if cleaned is None or not cleaned["code"]:
            continue
        if cleaned["code"] in quality_lines:
            errors.append(
                _("%(place)s: duplicate quality line code %(code)s (first at line %(first)s)")
                % {"place": place, "code": cleaned["code"], "first": lines_at[cleaned["code"]]}
            )
            continue
        lines_at[cleaned["code"]] = line
        quality_lines[cleaned["code"]] = _without(cleaned, "code") | {"order": order}

    steps: dict[str, dict[str, Any]] = {}
    steps_at: dict[str, int] = {}
    requirements: dict[str, dict[str, Any]] = {}
    requirements_at: dict[str, int] = {}
    for step_order, item in enumerate(top["steps"], start=1):
        place, line = _place(_("step"), item, step_order)
        cleaned = _clean(item, _STEP_FIELDS, place, errors)
        if cleaned is None:
            continue
        code = cleaned["code"]
        if code in steps:
            errors.append(
                _("%(place)s: duplicate step %(code)s (first at line %(first)s)")
                % {"place": place, "code": code, "first": steps_at[code]}
            )
        if cleaned["quality_line"] and cleaned["quality_line"] not in quality_lines:
            errors.append(
                _('%(place)s: quality line "%(code)s" is unknown')
                % {"place": place, "code": cleaned["quality_line"]}
            )
        if code and code not in steps:
            steps_at[code] = line
            steps[code] = _without(cleaned, "code", "requirements") | {"order": step_order}
        if code in Step.MISSION_KINDS and not cleaned["requirements"]:
            errors.append(
                _("%(place)s: a mission step needs at least one requirement") % {"place": place}
            )
        for order, req_item in enumerate(cleaned["requirements"], start=1):
            req_place, req_line = _place(_("requirement"), req_item, order)
            req = _clean(req_item, _REQUIREMENT_FIELDS, req_place, errors)
            if req is None or not req["code"]:
                continue
            if not REQUIREMENT_CODE.match(req["code"]):
                errors.append(
                    _("%(place)s: code %(code)s is not of the form ABC-01")
                    % {
                        "place": req_place,
                        "code": req["code"],
                    }
                )
            if req["code"] in requirements:
                errors.append(
                    _("%(place)s: duplicate requirement code %(code)s (first at line %(first)s)")
                    % {
                        "place": req_place,
                        "code": req["code"],
                        "first": requirements_at[req["code"]],
                    }
                )
                continue
            requirements_at[req["code"]] = req_line
            requirements[req["code"]] = _without(req, "code") | {"step": code, "order": order}

    for kind in Step.MISSION_KINDS:
        if kind not in steps:
            errors.append(
                _('top level: the mission step "%(step)s" is missing') % {"step": kind.value}
            )
    if errors:
        raise FrameworkFileError(errors)

    version = {key: value for key, value in top.items() if key not in ("quality_lines", "steps")}
    version["code"] = version.pop("version")
    return _Content(version, quality_lines, steps, requirements)


def _read(path: str | Path) -> tuple[str, str]:
    """The file's text and its sha256."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise FrameworkFileError(
            [
                _("%(path)s: cannot read the file (%(error)s)")
                % {"path": path, "error": exc.strerror}
            ]
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FrameworkFileError(
            [_("%(path)s: the file is not UTF-8 text") % {"path": path}]
        ) from exc
    return text, hashlib.sha256(raw).hexdigest()


# --- the database side ---------------------------------------------------------------------

_VERSION_COLUMNS = ("code", "title", "title_en", "vision", "vision_en", "training_valid_months")
_QUALITY_LINE_COLUMNS = ("title", "title_en", "description", "description_en", "order")
_STEP_COLUMNS = ("title", "title_en", "description", "description_en", "order")
_REQUIREMENT_COLUMNS = tuple(f for f in Requirement.COMPARED_FIELDS if f != "step") + ("order",)


def _requirements_of(version: FrameworkVersion) -> dict[str, dict[str, Any]]:
    """Requirement code -> its compared fields (step by code) and order, in one query."""
    rows = Requirement.objects.filter(version=version).values(
        "code", "step__code", *_REQUIREMENT_COLUMNS
    )
    return {row.pop("code"): {"step": row.pop("step__code"), **row} for row in rows}


def _content_of(version: FrameworkVersion) -> _Content:
    """What the database holds for `version`, comparable with a parsed file (3 queries)."""
    lines = {
        row.pop("code"): row
        for row in QualityLine.objects.filter(version=version).values(
            "code", *_QUALITY_LINE_COLUMNS
        )
    }
    steps = {
        row.pop("code"): {"quality_line": row.pop("quality_line__code"), **row}
        for row in Step.objects.filter(version=version).values(
            "code", "quality_line__code", *_STEP_COLUMNS
        )
    }
    return _Content(
        {column: getattr(version, column) for column in _VERSION_COLUMNS},
        lines,
        steps,
        _requirements_of(version),
    )


def _compare(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> FrameworkDiff:
    changed = {}
    for code in sorted(old.keys() & new.keys()):
        names = [name for name in Requirement.COMPARED_FIELDS if old[code][name] != new[code][name]]
        if names:
            changed[code] = names
    return FrameworkDiff(
        added=sorted(new.keys() - old.keys()),
        changed=changed,
        removed=sorted(old.keys() - new.keys()),
    )


def _upsert(model, version, existing: dict, wanted: dict, columns, links) -> dict:
    """Make the rows of `model` in `version` match `wanted` (code -> fields).

    `links` maps a foreign-key field to (name in `wanted`, code -> object). Rows that are not
    wanted are left for the caller to delete (after the rows that point at them are moved).
    """
    to_create, to_update = [], []
    for code, fields in wanted.items():
        values = {column: fields[column] for column in columns}
        for fk, (name, objects) in links.items():
            # Compare and set by id: reading the related object would cost a query per row.
            values[f"{fk}_id"] = objects[fields[name]].pk if fields[name] else None
        row = existing.get(code)
        if row is None:
            to_create.append(model(version=version, code=code, **values))
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            to_update.append(row)
    created = model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, [*columns, *links])
    return {row.code: row for row in [*existing.values(), *created] if row.code in wanted}


def _sync(version: FrameworkVersion, content: _Content) -> None:
    """Make the rows of a draft `version` match `content`: add, update and remove."""
    lines = {row.code: row for row in version.quality_lines.all()}
    steps = {row.code: row for row in version.steps.all()}
    requirements = {row.code: row for row in version.requirements.all()}
    lines_by_code = _upsert(
        QualityLine, version, lines, content.quality_lines, _QUALITY_LINE_COLUMNS, {}
    )
    steps_by_code = _upsert(
        Step,
        version,
        steps,
        content.steps,
        _STEP_COLUMNS,
        {"quality_line": ("quality_line", lines_by_code)},
    )
    _upsert(
        Requirement,
        version,
        requirements,
        content.requirements,
        _REQUIREMENT_COLUMNS,
        {"step": ("step", steps_by_code)},
    )
    # Children first: a step's quality line is protected while the step points at it.
    Requirement.objects.filter(version=version).exclude(code__in=content.requirements).delete()
    Step.objects.filter(version=version).exclude(code__in=content.steps).delete()
    QualityLine.objects.filter(version=version).exclude(code__in=content.quality_lines).delete()


def _counts(content: _Content) -> dict[str, int]:
    return {
        "quality_lines": len(content.quality_lines),
        "steps": len(content.steps),
        "requirements": len(content.requirements),
    }


# --- services ------------------------------------------------------------------------------


def framework_import(*, path: str | Path, actor=None, publish: bool = False) -> FrameworkImport:
    """Load a framework file and say what it did; see `framework_load`."""
    text, sha256 = _read(path)
    content = _parse(text)
    with transaction.atomic():
        version = FrameworkVersion.objects.select_for_update().filter(code=content.code).first()
        current = _content_of(version) if version is not None else None
        if version is not None and current == content and version.source_sha256 == sha256:
            outcome, changes = "unchanged", FrameworkDiff()
        elif version is not None and version.status != FrameworkVersion.Status.DRAFT:
            if current != content:
                raise FrameworkFileError(
                    [
                        _(
                            "version %(code)s is %(status)s and the file differs from it: "
                            "published versions are immutable; make a new version"
                        )
                        % {"code": version.code, "status": version.get_status_display().lower()}
                    ]
                )
            # Same content, other comments or layout: a published version stays as it is.
            outcome, changes = "unchanged", FrameworkDiff()
        else:
            outcome = "created" if version is None else "updated"
            before = current.requirements if current is not None else {}
            before_state = (
                {"source_sha256": version.source_sha256, **_counts(current)}
                if version is not None
                else None
            )
            if version is None:
                version = FrameworkVersion()
            for column in _VERSION_COLUMNS:
                setattr(version, column, content.version[column])
            version.source_sha256 = sha256
            version.save()
            try:
                _sync(version, content)
            except (models.ProtectedError, models.RestrictedError) as exc:
                in_use = exc.args[1] if len(exc.args) > 1 else ()
                raise FrameworkFileError(
                    [
                        _("version %(code)s: the file removes rows that are still in use: %(rows)s")
                        % {"code": version.code, "rows": ", ".join(sorted(map(str, in_use)))}
                    ]
                ) from exc
            changes = _compare(before, content.requirements)
            audit_log(
                actor=actor,
                event_type=FRAMEWORK_LOADED,
                obj=version,
                before=before_state,
                after={
                    "source": Path(path).name,
                    "source_sha256": sha256,
                    **_counts(content),
                    "changes": changes.as_dict(),
                },
            )
        published = None
        if publish and version.status == FrameworkVersion.Status.DRAFT:
            published = framework_publish(version=version, actor=actor)
    return FrameworkImport(version, outcome, changes, published)


def framework_load(*, path: str | Path, actor=None, publish: bool = False) -> FrameworkVersion:
    """Load the framework file at `path` into its version (the file's `version:` code).

    The whole file is validated first; a bad file raises FrameworkFileError listing every
    problem with its place, and nothing is written. A new version is created as a draft; a
    draft is synced to the file (requirements added, updated, removed); a published or retired
    version is never changed (a file that differs from it is refused). Loading the same file
    again changes nothing. One transaction, audited as FRAMEWORK_LOADED; with `publish` the
    draft is then published (see `framework_publish`).
    """
    return framework_import(path=path, actor=actor, publish=publish).version


def framework_diff(*, old: FrameworkVersion | None, new: FrameworkVersion) -> FrameworkDiff:
    """The requirements added, changed (with the names of the changed fields) and removed
    from `old` to `new`, by stable code. With no `old`, every requirement is added. 2 queries.
    """
    return _compare(_requirements_of(old) if old is not None else {}, _requirements_of(new))


@transaction.atomic
def framework_publish(*, version: FrameworkVersion, actor=None) -> FrameworkDiff:
    """Publish a draft version: from today it is the framework departments work with.

    The version published until now is retired and becomes this one's `previous`. Audited as
    FRAMEWORK_PUBLISHED (its `after` holds the diff with the previous version) and
    FRAMEWORK_RETIRED. Returns that diff: what departments are asked to re-confirm.
    """
    FrameworkVersion.objects.select_for_update().get(pk=version.pk)  # one publisher at a time
    version.refresh_from_db()
    if version.status != FrameworkVersion.Status.DRAFT:
        raise FrameworkError(
            [
                _("version %(code)s is %(status)s: only a draft can be published")
                % {"code": version.code, "status": version.get_status_display().lower()}
            ]
        )
    published = list(
        FrameworkVersion.objects.select_for_update()
        .filter(status=FrameworkVersion.Status.PUBLISHED)
        .order_by("-published_on", "-code")
    )
    previous = published[0] if published else None
    diff = framework_diff(old=previous, new=version)
    for old in published:
        old.status = FrameworkVersion.Status.RETIRED
        old.save(update_fields=["status"])
        audit_log(
            actor=actor,
            event_type=FRAMEWORK_RETIRED,
            obj=old,
            before={"status": FrameworkVersion.Status.PUBLISHED.value},
            after={"status": FrameworkVersion.Status.RETIRED.value, "successor": version.code},
        )
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_on = timezone.localdate()
    version.previous = previous
    version.save(update_fields=["status", "published_on", "previous"])
    audit_log(
        actor=actor,
        event_type=FRAMEWORK_PUBLISHED,
        obj=version,
        before={"status": FrameworkVersion.Status.DRAFT.value},
        after={
            "status": FrameworkVersion.Status.PUBLISHED.value,
            "published_on": version.published_on.isoformat(),
            "previous": previous.code if previous is not None else None,
            "diff": diff.as_dict(),
        },
    )
    return diff
