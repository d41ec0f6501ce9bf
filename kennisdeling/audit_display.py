"""How the knowledge base's and the meetings' audit events read in the audit trail (see
`beleid.audit_display`). Registered from `KennisdelingConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from beleid import audit_display as display
from beleid.models import AuditEventType

from .models import Article, Category, Meeting


def _article_names(keys, user) -> dict[str, str]:
    return {str(pk): title for pk, title in
            Article.objects.filter(pk__in=keys).values_list("pk", "title")}


def _category_names(keys, user) -> dict[str, str]:
    return {str(pk): name for pk, name in
            Category.objects.filter(pk__in=keys).values_list("pk", "name")}


def _meeting_names(keys, user) -> dict[str, str]:
    return {str(pk): f"{title} ({display.show_date(date)})" for pk, title, date in
            Meeting.objects.filter(pk__in=keys).values_list("pk", "title", "date")}


def register() -> None:
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
