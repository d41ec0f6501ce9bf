"""How beleid's own objects and events read in the audit trail: users, departments, framework
versions and interpretations (the other apps register theirs in their `audit_display.py`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .audit_display import (
    DEPARTMENT_SLUG,
    HIDDEN,
    LABELS,
    USERNAME,
    Field,
    label,
    model_field,
    register_fields,
    register_names,
    show_date,
    show_value,
)
from .models import (
    AuditEventType,
    Department,
    Document,
    FrameworkVersion,
    QualityLine,
    Requirement,
    RequirementInterpretation,
    Step,
)


def show_framework_diff(value: Any) -> str:
    """A stored framework diff ({"added": [...], "changed": {code: [fields]}, "removed": [...]})
    as "added: INT-03; changed: WRV-01 (guidance); removed: WRV-02"."""
    if not isinstance(value, dict):
        return show_value(value)
    parts = []
    if value.get("added"):
        parts.append(f"{LABELS['added']}: {', '.join(value['added'])}")
    if value.get("changed"):
        changed = [
            f"{code} ({', '.join(_requirement_field_label(name) for name in names)})"
            for code, names in value["changed"].items()
        ]
        parts.append(f"{LABELS['changed']}: {', '.join(changed)}")
    if value.get("removed"):
        parts.append(f"{LABELS['removed']}: {', '.join(value['removed'])}")
    return "; ".join(parts) or gettext("no requirement changed")


def _requirement_field_label(name: str) -> str:
    if name == "new":
        return str(LABELS["new"])
    try:
        return str(Requirement._meta.get_field(name).verbose_name)
    except models.FieldDoesNotExist:
        return name


def _user_names(keys: set[str], user, *, by: str) -> dict[str, str]:
    people = get_user_model().objects.filter(**{f"{by}__in": keys})
    return {str(getattr(person, by)): person.get_full_name() or person.get_username()
            for person in people}


def _department_names(keys: set[str], user, *, by: str) -> dict[str, str]:
    pairs = Department.objects.filter(**{f"{by}__in": keys}).values_list(by, "name")
    return {str(key): name for key, name in pairs}


def _framework_names(keys: set[str], user) -> dict[str, str]:
    return {str(version.pk): f"{version.code} {version.display_title}"
            for version in FrameworkVersion.objects.filter(pk__in=keys)}


def _interpretation_names(keys: set[str], user) -> dict[str, str]:
    return {
        str(interpretation.pk): (
            f"{interpretation.requirement.code} {interpretation.requirement.display_title}"
        )
        for interpretation in RequirementInterpretation.objects.filter(pk__in=keys)
        .select_related("requirement")
    }


def register_beleid() -> None:
    """Users, departments, framework versions and interpretations; beleid's events."""

    user_kind = get_user_model()._meta.label_lower
    register_names(user_kind, lambda keys, user: _user_names(keys, user, by="pk"))
    register_names(USERNAME, lambda keys, user: _user_names(keys, user, by="username"))
    register_names("beleid.department",
                   lambda keys, user: _department_names(keys, user, by="pk"))
    register_names(DEPARTMENT_SLUG, lambda keys, user: _department_names(keys, user, by="slug"))
    register_names("beleid.frameworkversion", _framework_names)
    register_names("beleid.requirementinterpretation", _interpretation_names)
    register_names("beleid.document", _document_names)

    types = AuditEventType
    department_fields = {name: model_field(Department, name) for name in Department.AUDITED_FIELDS}
    register_fields([types.DEPARTMENT_CREATED, types.DEPARTMENT_UPDATED], department_fields)
    register_fields([types.COORDINATOR_ADDED, types.COORDINATOR_REMOVED], {})
    register_fields(types.INTERPRETATION_UPDATED, {
        "requirement": HIDDEN,  # the object names it
        "text": model_field(RequirementInterpretation, "text"),
    })
    counts = {
        "quality_lines": Field(QualityLine._meta.verbose_name_plural),
        "steps": Field(Step._meta.verbose_name_plural),
        "requirements": Field(Requirement._meta.verbose_name_plural),
    }
    register_fields(types.FRAMEWORK_LOADED, {
        "source": label("file"),
        "source_sha256": label("source_sha256"),
        "changes": Field(LABELS["changes"], show_framework_diff),
        **counts,
    })
    register_fields(types.FRAMEWORK_PUBLISHED, {
        "status": model_field(FrameworkVersion, "status"),
        "published_on": model_field(FrameworkVersion, "published_on"),
        "previous": Field(FrameworkVersion._meta.get_field("previous").verbose_name),
        "diff": Field(LABELS["diff"], show_framework_diff),
    })
    register_fields(types.FRAMEWORK_RETIRED, {
        "status": model_field(FrameworkVersion, "status"),
        "successor": label("successor"),
    })
    register_fields(types.AUDIT_TRAIL_EXPORTED, {
        "event_type": Field(LABELS["event_type"], AuditEventType.label_of),
        "actor_id": Field(LABELS["actor_id"], names=user_kind),
        "date_from": Field(LABELS["date_from"], show_date),
        "date_to": Field(LABELS["date_to"], show_date),
        "rows": label("rows"),
    })
    login_lock = {
        "username": Field(_("user name"), names=USERNAME),
        "ip_address": Field(_("address")),
        "failures": Field(_("failed attempts")),
        "minutes": Field(_("locked for (minutes)")),
    }
    register_fields([types.LOGIN_LOCKED, types.LOGIN_UNLOCKED], login_lock)
    _register_documents()


def _document_names(keys: set[str], user) -> dict[str, str]:
    """A document by its title (which may name a person) to who may see personal data; by its
    kind to anyone else (an auditor)."""
    from .access import can_see_personal_data

    documents = Document.objects.filter(pk__in=keys)
    if can_see_personal_data(user):
        return {str(pk): title for pk, title in documents.values_list("pk", "title")}
    return {str(pk): _document_kind_label(kind) for pk, kind in documents.values_list("pk", "kind")}


def _document_kind_label(code: Any) -> str:
    from .documents import get_kind

    kind = get_kind(str(code))
    return str(kind.label) if kind is not None else str(code)


# How a document was verified, and what the verification page answered (DOCUMENT_VERIFIED).
VERIFICATION_METHODS = {"code": _("verification code"), "file": _("uploaded PDF")}
VERIFICATION_OUTCOMES = {
    "genuine": _("genuine and unaltered"),
    "code_known": _("code of a document of this system"),
    "not_genuine": _("not a genuine unaltered document of this system"),
    "unknown_code": _("unknown code"),
}


def _register_documents() -> None:
    """Documents (PDFs) asked for, made, failed, downloaded and verified."""
    types = AuditEventType
    state = model_field(Document, "state")
    register_fields(types.DOCUMENT_REQUESTED, {
        "kind": Field(Document._meta.get_field("kind").verbose_name, _document_kind_label),
        "language": Field(Document._meta.get_field("language").verbose_name,
                          lambda code: dict(settings.LANGUAGES).get(code, code)),
        "state": state,
    })
    register_fields(types.DOCUMENT_RENDERED, {
        "state": state,
        "filename": model_field(Document, "filename"),
        "sha256": label("source_sha256"),
        "size": model_field(Document, "size"),
    })
    register_fields(types.DOCUMENT_FAILED, {
        "state": state,
        "message": Field(_("why")),
    })
    register_fields(types.DOCUMENT_DOWNLOADED, {
        "filename": model_field(Document, "filename"),
        "sha256": label("source_sha256"),
    })
    register_fields(types.DOCUMENT_VERIFIED, {
        "method": Field(_("checked by"), lambda value: str(VERIFICATION_METHODS.get(
            value, value))),
        "outcome": Field(_("outcome"), lambda value: str(VERIFICATION_OUTCOMES.get(
            value, value))),
        "sha256": label("source_sha256"),
    })
