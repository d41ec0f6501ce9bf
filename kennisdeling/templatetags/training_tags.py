"""Template filters of the training pages: who may do what (asked of `beleid.access`)."""

from django import template

from beleid import access

register = template.Library()


@register.filter
def manages_training(user) -> bool:
    return access.can_manage_training(user)


@register.filter
def registers_for_training(user) -> bool:
    """A coordinator (or the office): registers people on behalf of a department."""
    return user.is_authenticated and (
        access.can_manage_training(user) or access.is_coordinator(user)
    )
