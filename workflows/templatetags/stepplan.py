"""Small helpers of the step-plan templates: people by their names, statuses as badges."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()

_STATUS_BADGES = {
    "approved": "ui-badge--ok",
    "met": "ui-badge--ok",
    "returned": "ui-badge--warn",
    "not_met": "ui-badge--warn",
    "partly_met": "ui-badge--warn",
    "cancelled": "workflows-badge--cancelled",
    "submitted": "workflows-badge--submitted",
}


@register.filter
def person(user) -> str:
    """A person by their full name (the user name when none is known); None is the system."""
    if user is None:
        return _("the system")
    return user.get_full_name() or user.username


@register.filter
def status_badge(status: str) -> str:
    """The CSS class of a status badge (plan step or checklist item)."""
    return _STATUS_BADGES.get(status, "")


@register.filter
def task_status(task) -> str:
    """A task's status in words."""
    labels = {
        "NEW": _("Open"),
        "ASSIGNED": _("Taken"),
        "STARTED": _("Being completed"),
        "DONE": _("Done"),
        "CANCELED": _("Cancelled"),
        "ERROR": _("Failed"),
        "REVIVED": _("Reopened"),
        "SCHEDULED": _("Scheduled"),
    }
    return labels.get(task.status, task.status)
