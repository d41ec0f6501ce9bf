"""Strings the site shows that no gettext call of ours or viewflow's marks, so that
`makemessages` (locale/update_catalogue.py) puts them in the project catalogue.

Nothing imports this module; the strings are translated where they are shown:
- viewflow's list headers that it derives from an attribute name ("process_id" becomes
  "Process id"), translated by templates/viewflow/views/list.html;
- the captions of the flow chart's edges, translated by
  templates/viewflow/workflow/graph.svg;
- Django's own strings on our pages whose Dutch catalogue says "u/uw" or lacks them: the
  project catalogue comes first (settings.LOCALE_PATHS), so it gives them in the "je" form.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

VIEWFLOW_COLUMN_HEADERS = [
    gettext_noop("Process id"),
    gettext_noop("Active tasks"),
    gettext_noop("Process summary"),
    gettext_noop("Process brief"),
    gettext_noop("Flow task"),
]

VIEWFLOW_CHART_EDGES = [
    gettext_noop("yes"),
    gettext_noop("no"),
]

DJANGO_IN_THE_JE_FORM = [
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
]

# Django 5.2 asks for these with "%d" while its Dutch catalogue still has "%(min_length)d":
# without them the error would show in English.
DJANGO_MISSING_IN_DUTCH = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]
