"""How the register's audit events read in the audit trail (see `beleid.audit_display`).

A volunteer is named to those who may see their personal data (`selectors.visible_volunteers`:
coordinators for their own departments' volunteers, the office, auditors with the
register-extract permission), to everyone else as "vrijwilliger 177": the volunteer's own
number, the same wherever the person appears. Events about a cover, an engagement, an
information note or a declaration name the volunteer, never the number of that record; all
volunteers of a page are named in one query. (The onboarding's events: `workflows.audit_display`.)
Registered from `InsuranceConfig.ready()`.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from beleid import audit_display as display
from beleid.models import AuditEventType

from . import selectors
from .models import (
    BenefitDeclaration,
    Engagement,
    ImportUpload,
    InformationNote,
    InsuranceCoverage,
    Volunteer,
)


def volunteer_number(pk) -> str:
    return f"{Volunteer._meta.verbose_name} {pk}"


def volunteer_names(keys, user) -> dict[str, str]:
    """Every key named: by name when `user` may see this volunteer's personal data (and the
    name was not erased), else by number. One query."""
    ids = {int(key) for key in keys if str(key).isdigit()}
    visible = {
        pk: f"{first} {last}".strip()
        for pk, first, last in selectors.visible_volunteers(user=user)
        .filter(pk__in=ids, anonymised_at__isnull=True)
        .values_list("pk", "first_name", "last_name")
    }
    return {str(pk): visible.get(pk) or volunteer_number(pk) for pk in ids}


def _volunteer_of(model, path: str = "volunteer_id"):
    """The volunteer of each record of `model` (one query): the record takes their name."""

    def volunteers(keys, user) -> dict[str, int]:
        return {str(pk): volunteer for pk, volunteer in
                model.objects.filter(pk__in=keys).values_list("pk", path)
                if volunteer is not None}

    return volunteers


def upload_names(keys, user) -> dict[str, str]:
    return {str(pk): name for pk, name in
            ImportUpload.objects.filter(pk__in=keys).values_list("pk", "original_name")}


def register() -> None:
    _register_names()
    _register_register_events()
    _register_import_events()


def _register_names() -> None:
    display.register_names("insurance.volunteer", volunteer_names)
    volunteer = "insurance.volunteer"
    display.register_names("insurance.engagement", _volunteer_of(Engagement), named_as=volunteer)
    display.register_names("insurance.insurancecoverage", _volunteer_of(InsuranceCoverage),
                           named_as=volunteer)
    display.register_names("insurance.informationnote",
                           _volunteer_of(InformationNote, "engagement__volunteer_id"),
                           named_as=volunteer)
    display.register_names("insurance.benefitdeclaration",
                           _volunteer_of(BenefitDeclaration, "engagement__volunteer_id"),
                           named_as=volunteer)
    display.register_names(
        "insurance.importupload", upload_names,
        missing=lambda event: capfirst(display.LABELS["register_file"]),
    )


# The object of these events names the volunteer already.
NAMED = {"volunteer_id": display.HIDDEN, "engagement_id": display.HIDDEN}


def _register_register_events() -> None:
    types, named = AuditEventType, NAMED
    display.register_fields(
        [types.VOLUNTEER_REGISTERED, types.VOLUNTEER_DATA_VIEWED], named
    )
    display.register_fields(types.VOLUNTEER_ANONYMISED, {
        **named, "older_than_years": display.label("older_than_years"),
    })
    display.register_fields([types.ENGAGEMENT_STARTED, types.ENGAGEMENT_ACTIVATED,
                             types.ENGAGEMENT_ENDED], {
        **named,
        **{name: display.model_field(Engagement, name)
           for name in ("start_date", "end_date", "status")},
    })
    cover = {
        "insured_from": display.model_field(InsuranceCoverage, "insured_from"),
        "insured_to": display.model_field(InsuranceCoverage, "insured_to"),
        "policy": display.model_field(InsuranceCoverage, "policy_number"),
    }
    display.register_fields([types.VOLUNTEER_INSURED, types.VOLUNTEER_DEREGISTERED],
                            {**named, **cover})
    display.register_fields(types.INFORMATION_NOTE_RECORDED, {
        **named,
        **{name: display.model_field(InformationNote, name)
           for name in ("given_on", "method", "agreement_note")},
        "before_start": display.Field(display.LABELS["before_start"], display.show_bool),
    })
    display.register_fields(types.DUTY_TO_REPORT_CHECKED, {
        "benefit": display.model_field(Volunteer, "benefit"),
    })
    display.register_fields(types.DECLARATION_RECORDED, {
        **named,
        **{name: display.model_field(BenefitDeclaration, name)
           for name in ("kind", "filed_on", "answer", "answered_on")},
    })
    display.register_fields(types.INSURANCE_EXPORTED, {
        "format": display.Field(display.LABELS["format"], lambda value: str(value).upper()),
        "since": display.Field(display.LABELS["since"], display.show_date),
        "scoped": display.Field(display.LABELS["scoped"], display.show_bool),
    })


def _register_import_events() -> None:
    types = AuditEventType
    display.register_fields(types.VOLUNTEERS_IMPORTED, {
        "new": display.label("imported_new"),
        "engaged": display.label("imported_engaged"),
        "ended": display.label("imported_ended"),
        "insured": display.Field(_("insured again (the cover was missing)")),
        "unchanged": display.label("imported_unchanged"),
        "error": display.label("imported_error"),
        "warnings": display.Field(_("rows imported with a warning")),
        "dry_run": display.Field(display.LABELS["dry_run"], display.show_bool),
    })
    display.register_fields(types.VOLUNTEERS_SEEDED, {
        "created": display.label("count_created"),
        "requested": display.label("count_requested"),
    })
    upload_state = display.Field(display.LABELS["state"],
                                 display.choices(dict(ImportUpload.State.choices)))
    display.register_fields([types.IMPORT_UPLOADED, types.IMPORT_CONFIRMED], {
        "upload_id": display.HIDDEN, "state": upload_state,
    })
    display.register_fields(types.IMPORT_DISCARDED, {
        "upload_id": display.HIDDEN,
        "file": display.label("file"),
        "state": upload_state,
        "reason": display.Field(_("why"), display.choices({
            "cancelled": _("not imported: cancelled by who uploaded it"),
            "stale": _("removed automatically after a while"),
        })),
        "older_than_hours": display.Field(_("kept for (hours)")),
    })
