"""The duty to report of volunteers who receive a benefit: whether they have one, and the
declarations (C45B, mutualiteit, OCMW) that were filed. Only that and when: no medical or
financial detail."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beleid.models import AuditEventType
from beleid.services.audit import audit_log

from ..models import Benefit, BenefitDeclaration, Engagement, Volunteer


@transaction.atomic
def volunteer_check_duty_to_report(*, actor, volunteer: Volunteer, benefit: str) -> Volunteer:
    """Record whether the volunteer receives a benefit, and so must report volunteering.

    It is what `volunteer`'s department recorded: the person's records in other departments
    keep theirs (each department asks, and each files its own declaration)."""
    if benefit not in Benefit.values:
        raise ValidationError(_("Unknown benefit."))
    before = volunteer.benefit
    volunteer.benefit = benefit
    volunteer.save(update_fields=["benefit"])
    audit_log(
        actor=actor,
        event_type=AuditEventType.DUTY_TO_REPORT_CHECKED, department=volunteer.department,
        obj=volunteer, before={"benefit": before}, after={"benefit": benefit},
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
