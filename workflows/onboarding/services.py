"""Writes of the onboarding flow itself (its steps record through `insurance.services`)."""

from django.db import transaction

from beleid.models import AuditEventType
from beleid.services.audit import audit_log

from .models import OnboardingProcess


@transaction.atomic
def onboarding_cancel(*, process: OnboardingProcess, actor) -> None:
    """The office cancels a whole onboarding: viewflow cancels every open task. What was
    recorded stays (the registration, the information note, the declarations)."""
    before = process.status
    process.flow_class.instance.cancel(process)
    audit_log(
        actor=actor,
        event_type=AuditEventType.ONBOARDING_CANCELLED,
        department=process.department,
        obj=process,
        before={"status": before},
        after={"status": process.status},
    )
