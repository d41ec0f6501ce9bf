"""The framework as versioned data: load a YAML file, publish a version, compare two versions.

The content of the minimal framework (quality lines, steps, requirements) lives in a YAML file
in the repository (`beleid/framework/<version>.yaml`; the format is documented at the top of
those files). Loading validates the whole file before anything is written; a refused file
writes nothing. A draft version follows its file; a published or retired version is immutable.
Publishing a draft retires the version published until then and records the difference, which
is what departments are asked to re-confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid.framework_diff import (
    REQUIREMENT_COLUMNS,
    FrameworkDiff,
    compare_requirements,
    framework_diff,
    requirements_of,
)
from beleid.models import AuditEventType, FrameworkVersion, QualityLine, Requirement, Step
from beleid.services.audit import audit_log
from beleid.services.framework_file import (
    VERSION_CODE,
    FrameworkContent,
    FrameworkError,
    FrameworkFileError,
    read_framework_file,
)

__all__ = [
    "FrameworkDiff",
    "FrameworkError",
    "FrameworkFileError",
    "FrameworkImport",
    "framework_diff",
    "framework_import",
    "framework_load",
    "framework_publish",
]



@dataclass(frozen=True)
class FrameworkImport:
    """The outcome of loading a framework file."""

    version: FrameworkVersion
    outcome: str  # "created", "updated" or "unchanged"
    changes: FrameworkDiff  # requirements changed by this load (a new version: all added)
    published: FrameworkDiff | None = None  # the diff with the previous version, if published


# --- the database side ---------------------------------------------------------------------

_VERSION_COLUMNS = ("code", "title", "title_en", "vision", "vision_en", "training_valid_months")
_QUALITY_LINE_COLUMNS = ("title", "title_en", "description", "description_en", "order")
_STEP_COLUMNS = ("title", "title_en", "description", "description_en", "order")


def _content_of(version: FrameworkVersion) -> FrameworkContent:
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
    return FrameworkContent(
        {column: getattr(version, column) for column in _VERSION_COLUMNS},
        lines,
        steps,
        requirements_of(version),
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


def _sync(version: FrameworkVersion, content: FrameworkContent) -> None:
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
        REQUIREMENT_COLUMNS,
        {"step": ("step", steps_by_code)},
    )
    # Children first: a step's quality line is protected while the step points at it.
    Requirement.objects.filter(version=version).exclude(code__in=content.requirements).delete()
    Step.objects.filter(version=version).exclude(code__in=content.steps).delete()
    QualityLine.objects.filter(version=version).exclude(code__in=content.quality_lines).delete()


def _counts(content: FrameworkContent) -> dict[str, int]:
    return {
        "quality_lines": len(content.quality_lines),
        "steps": len(content.steps),
        "requirements": len(content.requirements),
    }


# --- services ------------------------------------------------------------------------------


def framework_import(*, path: str | Path, actor=None, publish: bool = False) -> FrameworkImport:
    """Load a framework file and say what it did; see `framework_load`."""
    content, sha256 = read_framework_file(path)
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
            changes = compare_requirements(before, content.requirements)
            audit_log(
                actor=actor,
                event_type=AuditEventType.FRAMEWORK_LOADED,
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


def _is_newer(code: str, *, than: str) -> bool:
    """Whether version `code` comes after version `than` ("2024.10" after "2024.9")."""
    if not (VERSION_CODE.match(code) and VERSION_CODE.match(than)):
        return False
    return tuple(map(int, code.split("."))) > tuple(map(int, than.split(".")))


@transaction.atomic
def framework_publish(*, version: FrameworkVersion, actor=None) -> FrameworkDiff:
    """Publish a draft version: from today it is the framework departments work with.

    The version published until now is retired and becomes this one's `previous`. Audited as
    AuditEventType.FRAMEWORK_PUBLISHED (its `after` holds the diff with the previous version) and
    AuditEventType.FRAMEWORK_RETIRED. Returns that diff: what departments are asked to re-confirm.
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
    # Versions are published in order: the diff and `previous` read from old to new.
    newer = sorted(
        code
        for code in FrameworkVersion.objects.exclude(status=FrameworkVersion.Status.DRAFT)
        .exclude(pk=version.pk)
        .values_list("code", flat=True)
        if _is_newer(code, than=version.code)
    )
    if newer:
        raise FrameworkError(
            [
                _("version %(code)s is older than %(newer)s, which was published already")
                % {"code": version.code, "newer": ", ".join(newer)}
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
            event_type=AuditEventType.FRAMEWORK_RETIRED,
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
        event_type=AuditEventType.FRAMEWORK_PUBLISHED,
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
