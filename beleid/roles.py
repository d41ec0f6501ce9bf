"""The roles of the product, as Django groups. Coordinators are linked to departments."""

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

CONSULTANT = "vrijwilligerspunt"
AUDITOR = "auditor"
ADMINISTRATOR = "beheerder"

ROLE_LABELS = {
    CONSULTANT: _("Vrijwilligerspunt consultant"),
    AUDITOR: _("Auditor"),
    ADMINISTRATOR: _("Administrator"),
}


def _groups(user) -> set[str]:
    # Cached on the user object: one query per request, however often it is asked.
    if not hasattr(user, "_role_names"):
        user._role_names = (
            set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        )
    return user._role_names


def is_consultant(user) -> bool:
    return CONSULTANT in _groups(user)


def is_auditor(user) -> bool:
    return AUDITOR in _groups(user)


def is_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or ADMINISTRATOR in _groups(user))


def is_office(user) -> bool:
    """The Vrijwilligerspunt acting as such: consultants, and administrators for them."""
    return user.is_authenticated and (is_consultant(user) or is_administrator(user))


# ... and axes: administrators see and lift login locks in the admin.
MANAGED_APPS = ("beleid", "workflows", "insurance", "kennisdeling", "auth", "axes")


def ensure_role_groups() -> dict[str, Group]:
    """Create the role groups; administrators get the admin permissions of our apps."""
    from django.contrib.auth.models import Permission

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_LABELS}
    groups[ADMINISTRATOR].permissions.set(
        Permission.objects.filter(content_type__app_label__in=MANAGED_APPS)
    )
    return groups
