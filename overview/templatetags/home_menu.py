"""The site's menu in the order of what each role does most (viewflow lists the applications
in the order of the site; `templates/viewflow/includes/site_menu.html` asks this filter)."""

from django import template

from overview.home_selectors import (
    AUDITOR_HOME,
    COORDINATOR_HOME,
    NO_ROLE_HOME,
    OFFICE_HOME,
    home_role,
)

register = template.Library()

# By each application's `app_name`; the overview (the home) first for everyone. An
# application not named here keeps its place in the site's order, after the named ones.
MENU_ORDER = {
    # Reviews (the step plan's queue), the rounds, the registers, then the rest.
    OFFICE_HOME: ("overview", "stepplan", "workflows", "insurance", "onboarding",
                  "kennisdeling", "beleid"),
    # Departments and their audit trails (under the framework), the rounds, the registers.
    AUDITOR_HOME: ("overview", "beleid", "workflows", "stepplan", "insurance",
                   "onboarding", "kennisdeling"),
    # Their checklists, their register and onboarding, training, then the framework.
    COORDINATOR_HOME: ("overview", "stepplan", "insurance", "onboarding", "kennisdeling",
                       "beleid", "workflows"),
    # Nothing to do yet: what everyone may read.
    NO_ROLE_HOME: ("overview", "kennisdeling", "beleid"),
}


@register.filter
def menu_for(site, user) -> list:
    """The site's applications in the order of `user`'s role."""
    apps = list(site.menu_items())
    order = MENU_ORDER[home_role(user)]
    rank = {name: position for position, name in enumerate(order)}
    return sorted(
        apps,
        key=lambda app: (rank.get(getattr(app, "app_name", ""), len(order)), apps.index(app)),
    )
