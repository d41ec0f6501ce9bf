"""How the events of the training offer, the knowledge base and the meetings read in the audit
trail (see `beleid.audit_display`).

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

from .models import Article, Category, Meeting, Registration, TrainingSession


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
    _register_training()
    _register_knowledge()


def _register_training() -> None:
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


def _article_names(keys, user) -> dict[str, str]:
    return {str(pk): title for pk, title in
            Article.objects.filter(pk__in=keys).values_list("pk", "title")}


def _category_names(keys, user) -> dict[str, str]:
    return {str(pk): name for pk, name in
            Category.objects.filter(pk__in=keys).values_list("pk", "name")}


def _meeting_names(keys, user) -> dict[str, str]:
    return {str(pk): f"{title} ({display.show_date(date)})" for pk, title, date in
            Meeting.objects.filter(pk__in=keys).values_list("pk", "title", "date")}


def _register_knowledge() -> None:
    display.register_names("kennisdeling.article", _article_names)
    display.register_names("kennisdeling.category", _category_names)
    display.register_names("kennisdeling.meeting", _meeting_names)
    types = AuditEventType
    article = {
        "kind": display.model_field(Article, "kind"),
        "title": display.model_field(Article, "title"),
        "summary": display.model_field(Article, "summary"),
        "status": display.model_field(Article, "status"),
        "category_id": display.model_field(Article, "category"),
        "owner_id": display.model_field(Article, "owner"),
        "last_reviewed_on": display.model_field(Article, "last_reviewed_on"),
        "filename": display.model_field(Article, "filename"),
        "requirements": display.Field(_("serves the requirements")),
        "tags": display.Field(_("tags")),
        "version": display.Field(_("version")),
        "text_changed": display.Field(_("text changed"), display.show_bool),
    }
    display.register_fields(
        [types.ARTICLE_CREATED, types.ARTICLE_UPDATED, types.ARTICLE_ARCHIVED], article)
    meeting = {
        "date": display.model_field(Meeting, "date"),
        "title": display.model_field(Meeting, "title"),
        "departments": display.Field(_("departments that took part"),
                                      names="beleid.department"),
        "decisions": display.Field(_("decisions")),
        "agenda": display.Field(_("agenda recorded"), display.show_bool),
        "minutes": display.Field(_("minutes recorded"), display.show_bool),
    }
    display.register_fields([types.MEETING_RECORDED, types.MEETING_UPDATED], meeting)
