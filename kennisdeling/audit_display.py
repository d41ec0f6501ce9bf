"""How the training offer's audit events read in the audit trail (see `beleid.audit_display`).

A session is named by its title; a registration by the person's name and the session to those
who may see the registration (`access.scope_training_registrations`: the department's
coordinators, the office), else as "Inschrijving 12" in the session. Registered from
`KennisdelingConfig.ready()`.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beleid import access
from beleid import audit_display as display
from beleid.models import AuditEventType

from .models import Registration, TrainingSession


def _ids(keys) -> set[int]:
    return {int(key) for key in keys if str(key).isdigit()}


def session_names(keys, user) -> dict[str, str]:
    return {
        str(pk): title
        for pk, title in TrainingSession.objects.filter(pk__in=_ids(keys)).values_list(
            "pk", "title"
        )
    }


def registration_names(keys, user) -> dict[str, str]:
    """One query for the registrations, one for those `user` may see by name."""
    ids = _ids(keys)
    visible = set(
        access.scope_training_registrations(
            Registration.objects.filter(pk__in=ids), user
        ).values_list("pk", flat=True)
    )
    names = {}
    for pk, name, title in Registration.objects.filter(pk__in=ids).values_list(
        "pk", "name", "session__title"
    ):
        who = name if pk in visible else gettext("Registration %(number)s") % {"number": pk}
        names[str(pk)] = f"{who} · {title}"
    return names


def register() -> None:
    types = AuditEventType
    display.register_names("kennisdeling.trainingsession", session_names)
    display.register_names("kennisdeling.registration", registration_names)
    session_fields = {
        name: display.model_field(TrainingSession, name)
        for name in (*TrainingSession.AUDITED_FIELDS, "published_at", "cancelled_at")
    }
    display.register_fields(
        [
            types.TRAINING_SESSION_CREATED,
            types.TRAINING_SESSION_UPDATED,
            types.TRAINING_SESSION_PUBLISHED,
            types.TRAINING_SESSION_CANCELLED,
        ],
        session_fields,
    )
    registration_fields = {
        "session": display.model_field(
            Registration, "session", names="kennisdeling.trainingsession"
        ),
        "status": display.model_field(Registration, "status"),
        "attendance": display.model_field(Registration, "attendance"),
        "source": display.Field(
            display.LABELS["source"], display.choices({"import": _("attendance list")})
        ),
    }
    display.register_fields(
        [
            types.TRAINING_REGISTERED,
            types.TRAINING_REGISTRATION_CANCELLED,
            types.TRAINING_REGISTRATION_PROMOTED,
            types.TRAINING_ATTENDANCE_RECORDED,
        ],
        registration_fields,
    )
