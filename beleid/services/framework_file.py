"""Reading a framework file: YAML with line numbers, validated as a whole.

The format is documented at the top of `beleid/framework/2024.1.yaml`. Every problem is
collected with its place ("requirement ONB-03 (line 57): title is missing") before the file is
refused, so one run shows the author everything to fix. Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from beleid.models import FrameworkVersion, QualityLine, Requirement, Step

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
    _Field("valid_months", int, default=None, maximum=TRAINING_VALID_MONTHS_MAX),
)
_TYPE_NAMES = {
    str: gettext_noop("text"),
    bool: gettext_noop("true or false"),
    int: gettext_noop("a whole number"),
    list: gettext_noop("a list"),
}


@dataclass
class FrameworkContent:
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


def _load_yaml(text: str) -> tuple[Any, list[str]]:
    """The YAML data, and the problems the loader noticed (duplicate keys, ...)."""
    loader = _LineLoader(text)
    try:
        return loader.get_single_data(), loader.problems
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


def _parse_quality_lines(items: list, errors: list[str]) -> dict[str, dict[str, Any]]:
    quality_lines: dict[str, dict[str, Any]] = {}
    lines_at: dict[str, int] = {}
    for order, item in enumerate(items, start=1):
        place, line = _place(_("quality line"), item, order)
        cleaned = _clean(item, _QUALITY_LINE_FIELDS, place, errors)
        if cleaned is None or not cleaned["code"]:
            continue
        code = cleaned["code"]
        if code in quality_lines:
            errors.append(
                _("%(place)s: duplicate quality line code %(code)s (first at line %(first)s)")
                % {"place": place, "code": code, "first": lines_at[code]}
            )
            continue
        lines_at[code] = line
        quality_lines[code] = _without(cleaned, "code") | {"order": order}
    return quality_lines


def _parse_requirements(
    items: list,
    step: str,
    requirements: dict[str, dict[str, Any]],
    requirements_at: dict[str, int],
    errors: list[str],
) -> None:
    """Add the requirements of `step` to `requirements` (code -> fields), checking codes."""
    for order, item in enumerate(items, start=1):
        place, line = _place(_("requirement"), item, order)
        cleaned = _clean(item, _REQUIREMENT_FIELDS, place, errors)
        if cleaned is None or not cleaned["code"]:
            continue
        code = cleaned["code"]
        if not REQUIREMENT_CODE.match(code):
            errors.append(
                _("%(place)s: code %(code)s is not of the form ABC-01")
                % {"place": place, "code": code}
            )
        if code in requirements:
            errors.append(
                _("%(place)s: duplicate requirement code %(code)s (first at line %(first)s)")
                % {"place": place, "code": code, "first": requirements_at[code]}
            )
            continue
        if cleaned["valid_months"] is not None and step != Step.Kind.TRAINING:
            errors.append(
                _("%(place)s: valid_months is only for requirements of the training step")
                % {"place": place}
            )
        requirements_at[code] = line
        requirements[code] = _without(cleaned, "code") | {"step": step, "order": order}


def _parse_steps(
    items: list, quality_lines: dict[str, dict[str, Any]], errors: list[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The steps (code -> fields) and their requirements (code -> fields)."""
    steps: dict[str, dict[str, Any]] = {}
    steps_at: dict[str, int] = {}
    requirements: dict[str, dict[str, Any]] = {}
    requirements_at: dict[str, int] = {}
    for order, item in enumerate(items, start=1):
        place, line = _place(_("step"), item, order)
        cleaned = _clean(item, _STEP_FIELDS, place, errors)
        if cleaned is None:
            continue
        code = cleaned["code"]
        if code in steps:
            errors.append(
                _("%(place)s: duplicate step %(code)s (first at line %(first)s)")
                % {"place": place, "code": code, "first": steps_at[code]}
            )
        elif code:
            steps_at[code] = line
            steps[code] = _without(cleaned, "code", "requirements") | {"order": order}
        if cleaned["quality_line"] and cleaned["quality_line"] not in quality_lines:
            errors.append(
                _('%(place)s: quality line "%(code)s" is unknown')
                % {"place": place, "code": cleaned["quality_line"]}
            )
        if code in Step.MISSION_KINDS and not cleaned["requirements"]:
            errors.append(
                _("%(place)s: a mission step needs at least one requirement") % {"place": place}
            )
        _parse_requirements(cleaned["requirements"], code, requirements, requirements_at, errors)
    for kind in Step.MISSION_KINDS:
        if kind not in steps:
            errors.append(
                _('top level: the mission step "%(step)s" is missing') % {"step": kind.value}
            )
    return steps, requirements


def _default_training_period(requirements: dict[str, dict[str, Any]], months: int) -> None:
    """A file that gives no training requirement a period (`valid_months`), as files did
    before the period moved to the requirement: its first training requirement (the basic
    training) gets the top-level `training_valid_months` (36 months when that is absent too)."""
    training = sorted(
        (fields["order"], code)
        for code, fields in requirements.items()
        if fields["step"] == Step.Kind.TRAINING
    )
    if training and all(requirements[code]["valid_months"] is None for _, code in training):
        requirements[training[0][1]]["valid_months"] = months


def parse_framework_text(text: str) -> FrameworkContent:
    """Parse and validate a whole framework file; raise FrameworkFileError with every problem."""
    data, problems = _load_yaml(text)
    errors = list(problems)
    top = _clean(data, _VERSION_FIELDS, _("top level"), errors)
    if top is None:
        raise FrameworkFileError(errors)
    if top["version"] and not VERSION_CODE.match(top["version"]):
        errors.append(
            _('top level: version "%(code)s" is not of the form 2024.1 (year.number)')
            % {"code": top["version"]}
        )
    quality_lines = _parse_quality_lines(top["quality_lines"], errors)
    steps, requirements = _parse_steps(top["steps"], quality_lines, errors)
    _default_training_period(requirements, top["training_valid_months"])
    if errors:
        raise FrameworkFileError(errors)
    version = _without(top, "version", "quality_lines", "steps") | {"code": top["version"]}
    return FrameworkContent(version, quality_lines, steps, requirements)


def read_framework_file(path: str | Path) -> tuple[FrameworkContent, str]:
    """The validated content of the file at `path`, and the sha256 of its bytes."""
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
    return parse_framework_text(text), hashlib.sha256(raw).hexdigest()
