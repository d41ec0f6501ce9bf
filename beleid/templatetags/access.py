from django import template

from beleid import roles

register = template.Library()


@register.filter
def is_administrator(user) -> bool:
    return roles.is_administrator(user)


@register.filter
def is_office(user) -> bool:
    return roles.is_office(user)
