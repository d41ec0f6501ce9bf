"""How the register's audit events read in the audit trail (see `beleid.audit_display`).

A department's volunteer is named, as that department recorded the name, to those who may see
that department's volunteers (`selectors.visible_volunteers`: its coordinators, the office,
auditors with the register-extract permission); to everyone else as "vrijwilliger 177": the
number of the person behind the record, so the same number wherever the person appears, in
whichever department. Events about an engagement, an information note or a declaration name
the department's volunteer; events about a cover (the person's) name the person: by name to
the office, by the user's own department's record to its coordinators, else by number. Never
the number of that record itself; all volunteers of a page are named in one query per kind.
(The onboarding's events: `workflows.audit_display`.) Registered from `InsuranceConfig.ready()`.
"""

from django.db.models import Exists, OuterRef
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from beleid import access
from beleid import audit_display as display
from beleid.models import AuditEventType

from . import selectors
from .models import (
    BenefitDeclaration,
    Engagement,
    ImportUpload,
    InformationNote,
    InsuranceCoverage,
    Person,
    Volunteer,
)


def volunteer_number(person_pk) -> str:
    """How a volunteer reads to who may not see their name: the person's number."""
    return f"{Volunteer._meta.verbose_name} {person_pk}"


def _ids(keys) -> set[int]:
    return {int(key) for key in keys if str(key).isdigit()}


def volunteer_names(keys, user) -> dict[str, str]:
    """Department volunteer records named: by the department's name for them when `user` may
    see that department's volunteers (and the name was not erased), else by the person's
    number. One query."""
    seen = Exists(selectors.visible_volunteers(user=user).filter(pk=OuterRef("pk")))
    return {
        str(pk): (f"{first} {last}".strip() if visible and anonymised is None else "")
        or volunteer_number(person)
        for pk, person, first, last, anonymised, visible in
        Volunteer.objects.filter(pk__in=_ids(keys)).annotate(seen=seen)
        .values_list("pk", "person_id", "first_name", "last_name", "anonymised_at", "seen")
    }


def person_names(keys, user) -> dict[str, str]:
    """Persons named: the office by the person's name, a department's coordinator by their
    own department's name for the person, anyone else by number. One query."""
    ids = _ids(keys)
    if access.can_see_persons(user):
        rows = Person.objects.filter(pk__in=ids, anonymised_at__isnull=True).values_list(
            "pk", "first_name", "last_name")
    else:
        rows = selectors.visible_volunteers(user=user).filter(
            person_id__in=ids, anonymised_at__isnull=True).order_by("pk").values_list(
            "person_id", "first_name", "last_name")
    named = {}
    for pk, first, last in rows:
        named.setdefault(pk, f"{first} {last}".strip())
    return {str(pk): named.get(pk) or volunteer_number(pk) for pk in ids}


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
    display.register_names("insurance.person", person_names)
    volunteer = "insurance.volunteer"
    display.register_names("insurance.engagement", _volunteer_of(Engagement), named_as=volunteer)
    display.register_names("insurance.insurancecoverage",
                           _volunteer_of(InsuranceCoverage, "person_id"),
                           named_as="insurance.person")
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
NAMED = {"volunteer_id": display.HIDDEN, "person_id": display.HIDDEN,
         "engagement_id": display.HIDDEN}


def _register_register_events() -> None:
    types, named = AuditEventType, NAMED
    display.register_fields(
        [types.VOLUNTEER_REGISTERED, types.VOLUNTEER_DATA_VIEWED], named
    )
    display.register_fields([types.VOLUNTEER_ANONYMISED, types.PERSON_ANONYMISED], {
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
        "new_here": display.Field(_("new in the department, already on the city's insurance")),
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
    display.register_fields(types.IMPORT_FAILED, {
        "upload_id": display.HIDDEN,
        "file": display.label("file"),
        "state": upload_state,
        "message": display.Field(_("why")),
    })
