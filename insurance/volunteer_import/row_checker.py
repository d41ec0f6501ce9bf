"""Checking one row of a volunteer list. No database.

What identifies and insures a person must be right, or the row is refused with its reasons:
first and last name, date of birth, start date (and the end date when given; the national
register number when the insurer requires it). A problem in a secondary field (e-mail,
phone, address, emergency contact, tasks) never costs a volunteer their cover: the field is
left empty and the row carries a warning that names the value it dropped.
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import email_address, national_number
from ..models import Engagement, Person, Volunteer, person_key
from .file_reader import REQUIRED_FIELDS, SourceRow

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
# Control characters (what is left once every kind of white space became one space) and
# lone surrogates: no text a person typed; PostgreSQL refuses NUL.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_PHONE = re.compile(r"\+?[0-9][0-9 ./()\-]*")
PHONE_DIGITS = (6, 20)
# A value quoted in a reason or a warning is cut after this many characters.
QUOTED_UP_TO = 40


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


SECONDARY_FIELDS = {  # field -> (its name in a warning, its longest value)
    "email": (gettext_lazy("e-mail address"), email_address.MAX_LENGTH),
    "phone": (gettext_lazy("phone number"), _max_length(Volunteer, "phone")),
    "address": (gettext_lazy("address"), _max_length(Volunteer, "address")),
    "emergency_contact": (gettext_lazy("emergency contact"),
                          _max_length(Volunteer, "emergency_contact")),
    "tasks": (gettext_lazy("tasks"), _max_length(Engagement, "tasks")),
}
NAME_FIELDS = {
    "first_name": (gettext_lazy("first name"), _max_length(Volunteer, "first_name")),
    "last_name": (gettext_lazy("last name"), _max_length(Volunteer, "last_name")),
}
DATE_FIELDS = {
    "date_of_birth": gettext_lazy("date of birth"),
    "start_date": gettext_lazy("start date"),
    "end_date": gettext_lazy("end date"),
}


@dataclass
class CheckedRow:
    """A row that can be imported, with the warnings about the values it left out."""

    line: int
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    start_date: datetime.date
    end_date: datetime.date | None = None
    email: str = ""
    phone: str = ""
    address: str = ""
    emergency_contact: str = ""
    tasks: str = ""
    national_number: str = ""
    # field -> why its value was left out
    warnings: dict[str, str] = field(default_factory=dict)

    @cached_property
    def key(self) -> str:
        return person_key(self.first_name, self.last_name, self.date_of_birth)


@dataclass
class RefusedRow:
    """A row that cannot be imported, and why."""

    line: int
    reasons: list[str]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def cell_text(value) -> str:
    """A cell as one line of text: every run of white space one space; a whole number from
    Excel without its '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def quoted(text: str) -> str:
    """A value as a reason quotes it: cut when it is long."""
    return text if len(text) <= QUOTED_UP_TO else text[:QUOTED_UP_TO] + "…"


def parse_date(value) -> datetime.date | None:
    """dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd (or a real date from Excel); None when empty.
    Raises ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if len(text) <= 10:
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date only
            except ValueError:
                continue
    raise ValueError(text)


def _names(values: dict, reasons: list[str]) -> tuple[str, str]:
    names = []
    for name, (label, longest) in NAME_FIELDS.items():
        text = cell_text(values.get(name))
        if not text:
            reasons.append(_("%(field)s is missing") % {"field": label})
        elif len(text) > longest:
            reasons.append(_("%(field)s is longer than %(max)s characters")
                           % {"field": label, "max": longest})
        elif _NOT_TEXT.search(text):
            reasons.append(_("%(field)s holds characters that are not text")
                           % {"field": label})
        names.append(text)
    return names[0], names[1]


def _dates(values: dict, reasons: list[str]) -> dict[str, datetime.date | None]:
    dates = {}
    for name, label in DATE_FIELDS.items():
        try:
            dates[name] = parse_date(values.get(name))
        except ValueError:
            reasons.append(
                _("%(field)s '%(value)s' is not a date (dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd)")
                % {"field": label, "value": quoted(cell_text(values.get(name)))}
            )
            dates[name] = None
        else:
            if dates[name] is None and name in REQUIRED_FIELDS:
                reasons.append(_("%(field)s is missing") % {"field": label})
    return dates


def _date_order(dates: dict, today: datetime.date, reasons: list[str]) -> None:
    birth, start, end = dates["date_of_birth"], dates["start_date"], dates["end_date"]
    if birth is not None and not (EARLIEST_BIRTH <= birth < today):
        reasons.append(_("date of birth %(date)s is not plausible")
                       % {"date": date_format(birth, "DATE_FORMAT")})
    if start is not None and birth is not None and start <= birth:
        reasons.append(_("start date lies before the date of birth"))
    if start is not None and end is not None and end < start:
        reasons.append(_("end date lies before the start date"))


def _secondary(name: str, value, warnings: dict[str, str]) -> str:
    """The value to store for a secondary field: '' (with a warning) when it is wrong."""
    text = cell_text(value)
    if not text:
        return ""
    label, longest = SECONDARY_FIELDS[name]
    if name == "email":
        text = email_address.normalise(text)
    shown = {"field": label, "value": quoted(text)}
    if len(text) > longest:
        warnings[name] = _("%(field)s '%(value)s' is longer than %(max)s characters and was "
                           "left empty") % {**shown, "max": longest}
    elif _NOT_TEXT.search(text):
        warnings[name] = _("%(field)s '%(value)s' holds characters that are not text and was "
                           "left empty") % shown
    elif name == "email" and not email_address.is_valid(text):
        warnings[name] = _("%(field)s '%(value)s' is not valid and was left empty") % shown
    elif name == "phone" and not _is_phone_number(text):
        warnings[name] = (_("%(field)s '%(value)s' is not a phone number and was left empty")
                          % shown)
    else:
        return text
    return ""


def _is_phone_number(text: str) -> bool:
    digits = sum(char.isdigit() for char in text)
    return bool(_PHONE.fullmatch(text)) and PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]


def _national_number(values: dict, birth, reasons: list[str]) -> str:
    text = cell_text(values.get("national_number"))
    if not settings.INSURER_REQUIRES_NATIONAL_NUMBER or not text:
        return ""
    if national_number.is_valid(text, birth):
        return national_number.normalise(text)
    reasons.append(_("national register number is not valid (check digits)"))
    return ""


def check_row(row: SourceRow, *, today: datetime.date) -> CheckedRow | RefusedRow:
    """A row that can be imported (with warnings about dropped secondary values), or the
    reasons it cannot."""
    if row.problem:
        return RefusedRow(row.line, [row.problem])
    values, reasons, warnings = row.values, [], {}
    first_name, last_name = _names(values, reasons)
    dates = _dates(values, reasons)
    _date_order(dates, today, reasons)
    number = _national_number(values, dates["date_of_birth"], reasons)
    if reasons:
        return RefusedRow(row.line, reasons)
    checked = CheckedRow(
        line=row.line, first_name=first_name, last_name=last_name,
        date_of_birth=dates["date_of_birth"], start_date=dates["start_date"],
        end_date=dates["end_date"], national_number=number, warnings=warnings,
        **{name: _secondary(name, values.get(name), warnings) for name in SECONDARY_FIELDS},
    )
    if len(checked.key) > _max_length(Person, "person_key"):
        return RefusedRow(row.line, [_("the name is too long to register")])
    return checked
