"""Dutch (nl and nl-be: Django looks up `nl_BE` first, then falls back to `nl`)."""

from django.conf.locale.nl import formats as django_nl

DATE_FORMAT = "j F Y"  # 27 november 2026
DATETIME_FORMAT = r"j F Y \o\m H:i"  # 27 november 2026 om 14:05
TIME_FORMAT = "H:i"  # 14:05
YEAR_MONTH_FORMAT = "F Y"  # november 2026
MONTH_DAY_FORMAT = "j F"  # 27 november
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
FIRST_DAY_OF_WEEK = 1  # maandag

# The first one is what a form shows in a text field.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 27/11/2026
    "%d-%m-%Y",  # 27-11-2026
    "%Y-%m-%d",  # 2026-11-27
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 27/11/2026 14:05
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",  # what <input type="datetime-local"> sends
    "%Y-%m-%dT%H:%M:%S",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]

DECIMAL_SEPARATOR = django_nl.DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = django_nl.THOUSAND_SEPARATOR
NUMBER_GROUPING = django_nl.NUMBER_GROUPING
