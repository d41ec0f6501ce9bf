"""Writes of the volunteer register. Each service: one transaction, one audit event per change.

Audit events name volunteers by id only (see `Volunteer.__str__`), never by name or birth date.
"""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Max, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from beleid.models import AuditEventType, Department
from beleid.services.audit import audit_event, audit_log, audit_log_many

from . import national_number
from .models import (
    Benefit,
    BenefitDeclaration,
    Engagement,
    InformationNote,
    InsuranceCoverage,
    Volunteer,
    person_key,
)


def clean_national_number(value: str, date_of_birth: datetime.date | None) -> str:
    """The number to store: '' unless the insurer requires it; then it must be valid."""
    if not settings.INSURER_REQUIRES_NATIONAL_NUMBER or not value:
        return ""
    if not national_number.is_valid(value, date_of_birth):
        raise ValidationError(_("The national register number is not valid."))
    return national_number.normalise(value)


def find_same_person(
    *, first_name: str, last_name: str, date_of_birth: datetime.date, number: str = ""
) -> Volunteer | None:
    """The register's record of this person: same name and birth date, or same number."""
    match = Q(person_key=person_key(first_name, last_name, date_of_birth))
    if number:
        match |= Q(national_number=number)
    return Volunteer.objects.filter(match, anonymised_at__isnull=True).first()


@transaction.atomic
def volunteer_register(
    *,
    actor,
    department: Department,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date,
    email: str = "",
    phone: str = "",
    address: str = "",
    emergency_contact: str = "",
    national_number: str = "",
    benefit: str = Benefit.NONE,
) -> Volunteer:
    """Register a person, or return the existing record of the same person (no duplicate).

    The national register number is kept only when the insurer requires it.
    """
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name or not last_name:
        raise ValidationError(_("First and last name are required."))
    if date_of_birth >= timezone.localdate():
        raise ValidationError(_("The date of birth must lie in the past."))
    number = clean_national_number(national_number, date_of_birth)
    existing = find_same_person(
        first_name=first_name, last_name=last_name, date_of_birth=date_of_birth, number=number
    )
    if existing is not None:
        return existing
    volunteer = Volunteer.objects.create(
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        email=email,
        phone=phone,
        address=address,
        emergency_contact=emergency_contact,
        national_number=number,
        benefit=benefit,
        person_key=person_key(first_name, last_name, date_of_birth),
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.VOLUNTEER_REGISTERED, department=department, obj=volunteer,
        after={"volunteer_id": volunteer.pk},
    )
    return volunteer


def _ensure_cover(*, actor, volunteer: Volunteer, department: Department,
                  insured_from: datetime.date) -> InsuranceCoverage:
    """Open cover from `insured_from` unless the person is already insured (insured once)."""
    open_cover = (
        InsuranceCoverage.objects.select_for_update()
        .filter(volunteer=volunteer, insured_to__isnull=True)
        .first()
    )
    if open_cover is not None:
        if insured_from < open_cover.insured_from:
            before = {"insured_from": open_cover.insured_from}
            open_cover.insured_from = insured_from
            open_cover.save(update_fields=["insured_from"])
            audit_log(
                actor=actor, event_type=AuditEventType.VOLUNTEER_INSURED, department=department,
                obj=open_cover, before=before,
                after={"volunteer_id": volunteer.pk, "insured_from": insured_from},
            )
        return open_cover
    cover = InsuranceCoverage.objects.create(
        volunteer=volunteer, insured_from=insured_from, registered_on=timezone.localdate()
    )
    audit_log(
        actor=actor, event_type=AuditEventType.VOLUNTEER_INSURED, department=department, obj=cover,
        after={"volunteer_id": volunteer.pk, "insured_from": insured_from,
               "policy": cover.policy_number},
    )
    return cover


@transaction.atomic
def engagement_start(
    *,
    actor,
    volunteer: Volunteer,
    department: Department,
    start_date: datetime.date,
    tasks: str = "",
    onboarding: bool = False,
) -> Engagement:
    """Engage a volunteer in a department. An active engagement insures the volunteer from
    its start date; with `onboarding=True` it waits in intake until `engagement_activate`."""
    if Engagement.objects.filter(
        volunteer=volunteer, department=department, start_date=start_date
    ).exists():
        raise ValidationError(_("This engagement is already registered."))
    engagement = Engagement.objects.create(
        volunteer=volunteer,
        department=department,
        start_date=start_date,
        tasks=tasks,
        status=Engagement.Status.INTAKE if onboarding else Engagement.Status.ACTIVE,
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.ENGAGEMENT_STARTED, department=department, obj=engagement,
        after={"volunteer_id": volunteer.pk, "start_date": start_date,
               "status": engagement.status},
    )
    if not onboarding:
        _ensure_cover(actor=actor, volunteer=volunteer, department=department,
                      insured_from=start_date)
    return engagement


@transaction.atomic
def coverage_register(*, actor, engagement: Engagement) -> InsuranceCoverage:
    """Register the volunteer on the accident policy from the engagement's start date."""
    return _ensure_cover(actor=actor, volunteer=engagement.volunteer,
                         department=engagement.department, insured_from=engagement.start_date)


@transaction.atomic
def engagement_activate(*, actor, engagement: Engagement) -> Engagement:
    """End of onboarding: the engagement becomes active (and so certainly insured)."""
    if engagement.status == Engagement.Status.ACTIVE:
        return engagement
    engagement.status = Engagement.Status.ACTIVE
    engagement.save(update_fields=["status"])
    coverage_register(actor=actor, engagement=engagement)
    audit_log(
        actor=actor,
        event_type=AuditEventType.ENGAGEMENT_ACTIVATED, department=engagement.department,
        obj=engagement, before={"status": Engagement.Status.INTAKE},
        after={"status": Engagement.Status.ACTIVE},
    )
    return engagement


@transaction.atomic
def engagement_end(*, actor, engagement: Engagement, end_date: datetime.date) -> Engagement:
    """End an engagement. The cover ends with it, unless the volunteer is still active in
    another department (one person, insured once)."""
    if end_date < engagement.start_date:
        raise ValidationError(_("The end date lies before the start date."))
    if engagement.end_date is not None:
        raise ValidationError(_("This engagement has already ended."))
    engagements_end(actor=actor, ends=[(engagement, end_date)])
    return engagement


# Up to this many different dates, one UPDATE per date; beyond, one bulk_update (whose
# CASE expression is several times slower for the usual case: many people, one last day).
_UPDATES_PER_DATE_UP_TO = 10


def _save_dates(model, objects: list, field: str, **same) -> None:
    """Store each object's `field` (and the `same` values for all) in a bounded number of
    queries."""
    by_date: dict[datetime.date, list[int]] = {}
    for obj in objects:
        by_date.setdefault(getattr(obj, field), []).append(obj.pk)
    if len(by_date) <= _UPDATES_PER_DATE_UP_TO:
        for date, pks in by_date.items():
            model.objects.filter(pk__in=pks).update(**{field: date}, **same)
        return
    for name, value in same.items():
        for obj in objects:
            setattr(obj, name, value)
    model.objects.bulk_update(objects, [field, *same], batch_size=1000)


@transaction.atomic
def engagements_end(
    *, actor, ends: Sequence[tuple[Engagement, datetime.date]]
) -> list[InsuranceCoverage]:
    """End open engagements, each on its own date, with the rule of `engagement_end`: a
    volunteer's cover ends with the engagement unless they are still active elsewhere.

    A constant number of queries however many engagements end (the bulk import uses it).
    The callers have checked each end date (open engagement, not before its start).
    Returns the cover periods that ended.
    """
    if not ends:
        return []
    actor = actor if actor is not None and actor.is_authenticated else None
    for engagement, end_date in ends:
        engagement.end_date = end_date
    _save_dates(Engagement, [engagement for engagement, _day in ends], "end_date")
    # Per volunteer: the last day of the engagements that end now, and their department.
    last_day: dict[int, tuple[datetime.date, int]] = {}
    for engagement, end_date in ends:
        known = last_day.get(engagement.volunteer_id)
        if known is None or end_date >= known[0]:
            last_day[engagement.volunteer_id] = (end_date, engagement.department_id)
    still_active = {
        volunteer_id
        for volunteer_id, other_end in Engagement.objects.filter(
            volunteer_id__in=last_day, status=Engagement.Status.ACTIVE
        )
        .exclude(pk__in=[engagement.pk for engagement, _day in ends])
        .values_list("volunteer_id", "end_date")
        if other_end is None or other_end > last_day[volunteer_id][0]
    }
    covers = list(
        InsuranceCoverage.objects.select_for_update().filter(
            volunteer_id__in=set(last_day) - still_active, insured_to__isnull=True
        )
    )
    today = timezone.localdate()
    for cover in covers:
        cover.insured_to = max(last_day[cover.volunteer_id][0], cover.insured_from)
        cover.deregistered_on = today
    _save_dates(InsuranceCoverage, covers, "insured_to", deregistered_on=today)
    audit_log_many([
        *(
            audit_event(
                actor=actor, event_type=AuditEventType.ENGAGEMENT_ENDED,
                department_id=engagement.department_id, obj=engagement,
                before={"end_date": None}, after={"end_date": end_date},
            )
            for engagement, end_date in ends
        ),
        *(
            audit_event(
                actor=actor, event_type=AuditEventType.VOLUNTEER_DEREGISTERED,
                department_id=last_day[cover.volunteer_id][1], obj=cover,
                before={"insured_to": None},
                after={"volunteer_id": cover.volunteer_id, "insured_to": cover.insured_to},
            )
            for cover in covers
        ),
    ])
    return covers


@transaction.atomic
def information_note_record(
    *,
    actor,
    engagement: Engagement,
    given_on: datetime.date,
    method: str,
    agreement_note: bool = False,
) -> InformationNote:
    """Record the dated proof that the volunteer was informed (before the start)."""
    if given_on > timezone.localdate():
        raise ValidationError(_("The information note cannot be given in the future."))
    if method not in InformationNote.Method.values:
        raise ValidationError(_("Unknown way of giving the information note."))
    note = InformationNote.objects.create(
        engagement=engagement, given_on=given_on, method=method, agreement_note=agreement_note
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.INFORMATION_NOTE_RECORDED, department=engagement.department,
        obj=note,
        after={"engagement_id": engagement.pk, "given_on": given_on, "method": method,
               "agreement_note": agreement_note, "before_start": given_on <= engagement.start_date},
    )
    return note


@transaction.atomic
def volunteer_check_duty_to_report(
    *, actor, volunteer: Volunteer, department: Department, benefit: str
) -> Volunteer:
    """Record whether the volunteer receives a benefit, and so must report volunteering."""
    if benefit not in Benefit.values:
        raise ValidationError(_("Unknown benefit."))
    before = volunteer.benefit
    volunteer.benefit = benefit
    volunteer.save(update_fields=["benefit"])
    audit_log(
        actor=actor,
        event_type=AuditEventType.DUTY_TO_REPORT_CHECKED, department=department, obj=volunteer,
        before={"benefit": before}, after={"benefit": benefit},
    )
    return volunteer


@transaction.atomic
def declaration_record(
    *,
    actor,
    engagement: Engagement,
    kind: str,
    filed_on: datetime.date,
    answer: str = BenefitDeclaration.Answer.NONE,
    answered_on: datetime.date | None = None,
) -> BenefitDeclaration:
    """Record that a declaration (C45B, mutualiteit, OCMW) was filed, and its answer."""
    if kind not in BenefitDeclaration.Kind.values:
        raise ValidationError(_("Unknown kind of declaration."))
    if (answer == BenefitDeclaration.Answer.NONE) != (answered_on is None):
        raise ValidationError(_("An answer needs its date, and a date needs an answer."))
    if answered_on is not None and answered_on < filed_on:
        raise ValidationError(_("The answer cannot come before the declaration was filed."))
    declaration = BenefitDeclaration.objects.create(
        engagement=engagement, kind=kind, filed_on=filed_on, answer=answer,
        answered_on=answered_on,
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.DECLARATION_RECORDED, department=engagement.department,
        obj=declaration,
        after={"engagement_id": engagement.pk, "kind": kind, "filed_on": filed_on,
               "answer": answer, "answered_on": answered_on},
    )
    return declaration


@transaction.atomic
def volunteer_data_opened(*, actor, volunteer: Volunteer, department: Department | None) -> None:
    """Opening a volunteer's personal data is itself recorded (who looked, when)."""
    audit_log(actor=actor, event_type=AuditEventType.VOLUNTEER_DATA_VIEWED, department=department,
              obj=volunteer, after={"volunteer_id": volunteer.pk})


@transaction.atomic
def volunteers_anonymise(*, actor=None, older_than_years: int,
                         today: datetime.date | None = None) -> int:
    """Anonymise volunteers whose every engagement ended more than `older_than_years` ago.

    Engagements, cover periods and declarations stay (counts and the trail remain true);
    names, birth date, contact data and national number are erased. Safe to run twice.
    """
    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - older_than_years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - older_than_years, day=28)
    candidates = list(
        Volunteer.objects.filter(anonymised_at__isnull=True, engagements__isnull=False)
        .exclude(engagements__end_date__isnull=True)
        .annotate(last_end=Max("engagements__end_date"))
        .filter(last_end__lt=cutoff)
        .values_list("pk", flat=True)
    )
    if not candidates:
        return 0
    last_department = dict(
        Engagement.objects.filter(volunteer_id__in=candidates)
        .order_by("volunteer_id", "end_date")
        .values_list("volunteer_id", "department_id")
    )
    now = timezone.now()
    Volunteer.objects.filter(pk__in=candidates).update(
        first_name="", last_name="", date_of_birth=None, email="", phone="", address="",
        emergency_contact="", national_number="",
        person_key=Concat(Value("anonymised:"), Cast("pk", CharField())),
        anonymised_at=now,
    )
    departments = Department.objects.in_bulk(set(last_department.values()))
    for pk in candidates:
        audit_log(
            actor=actor, event_type=AuditEventType.VOLUNTEER_ANONYMISED,
            department=departments.get(last_department.get(pk)),
            obj=Volunteer(pk=pk), after={"volunteer_id": pk, "older_than_years": older_than_years},
        )
    return len(candidates)


def import_uploads_discard_stale(*, older_than_hours: int = 24) -> int:
    """Delete register files uploaded for a preview that was never confirmed (they hold
    personal data). Safe to run twice."""
    from .models import ImportUpload

    cutoff = timezone.now() - datetime.timedelta(hours=older_than_hours)
    stale = list(ImportUpload.objects.filter(created_at__lt=cutoff))
    for upload in stale:
        upload.file.delete(save=False)
        upload.delete()
    return len(stale)


# -- viewflow's own actions on an onboarding process, each audited ---------------------------

def _onboarding_task_action(*, activation, user, event_type: str, action: str):
    from workflows.services.tasks import audited_task_action

    return audited_task_action(activation=activation, user=user, event_type=event_type,
                               action=action)


@transaction.atomic
def onboarding_task_assign(*, activation, user) -> None:
    """A coordinator of the department takes an onboarding task."""
    activation.assign(user)
    audit_log(
        actor=user, event_type=AuditEventType.ONBOARDING_TASK_ASSIGNED,
        department=activation.process.department, obj=activation.task,
        after={"task": activation.flow_task.name, "owner": user.username},
    )


@transaction.atomic
def onboarding_task_unassign(*, activation, user) -> None:
    """Give an onboarding task back to the department's coordinators."""
    owner = activation.task.owner.username if activation.task.owner_id else None
    activation.unassign()
    audit_log(
        actor=user, event_type=AuditEventType.ONBOARDING_TASK_UNASSIGNED,
        department=activation.process.department, obj=activation.task,
        before={"task": activation.flow_task.name, "owner": owner}, after={"owner": None},
    )


@transaction.atomic
def onboarding_task_cancel(*, activation, user) -> None:
    """The office cancels an open onboarding task."""
    _onboarding_task_action(activation=activation, user=user,
                            event_type=AuditEventType.ONBOARDING_TASK_CANCELLED, action="cancel")


@transaction.atomic
def onboarding_task_undo(*, activation, user) -> None:
    """The office undoes a finished onboarding task whose following tasks were cancelled."""
    _onboarding_task_action(activation=activation, user=user,
                            event_type=AuditEventType.ONBOARDING_TASK_UNDONE, action="undo")


@transaction.atomic
def onboarding_task_revive(*, activation, user):
    """The office revives a cancelled onboarding task; returns the new task."""
    return _onboarding_task_action(activation=activation, user=user,
                                   event_type=AuditEventType.ONBOARDING_TASK_REVIVED,
                                   action="revive")


@transaction.atomic
def onboarding_cancel(*, process, actor) -> None:
    """The office cancels a whole onboarding (every open task is cancelled by viewflow)."""
    before = process.status
    process.flow_class.instance.cancel(process)
    audit_log(
        actor=actor, event_type=AuditEventType.ONBOARDING_CANCELLED, department=process.department,
        obj=process, before={"status": before}, after={"status": process.status},
    )
