"""The reports' decision for templates (the menu): `beleid.access` decides."""

from django import template

from beleid import access

register = template.Library()


@register.filter
def sees_reports(user) -> bool:
    return access.can_see_reports(user)
