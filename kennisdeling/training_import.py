"""Importing a session's attendance list (CSV or XLSX): read, match, preview, confirm.

The file is read by the project's bounded reader (`beleid.spreadsheets.read_rows`: the same
Belgian-Excel tolerance and limits as the volunteer import). Each line is matched to a
registration of the session by e-mail address, else by name. The preview gives a result per
line (line number and reason for each line that does not match); what is confirmed is carried
to the confirmation signed (nothing is stored between the two), and recorded in one
transaction by `training_services.session_attendance_record`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.core import signing
from django.utils.translation import gettext as _

from beleid.spreadsheets import SpreadsheetError, read_rows

from .models import Attendance, Registration, RegistrationStatus, TrainingSession

# Normalised header (lower case, no spaces, dashes, dots or underscores) -> field.
HEADER_ALIASES = {
    "email": "email", "emailadres": "email", "mail": "email", "mailadres": "email",
    "naam": "name", "name": "name", "volledigenaam": "name", "fullname": "name",
    "deelnemer": "name", "voornaam": "first_name", "firstname": "first_name",
    "achternaam": "last_name", "familienaam": "last_name", "lastname": "last_name",
    "surname": "last_name",
    "aanwezig": "attendance", "aanwezigheid": "attendance", "attendance": "attendance",
    "present": "attendance", "status": "attendance",
}  # fmt: skip
PRESENT_WORDS = {"", "ja", "j", "yes", "y", "x", "1", "true", "waar", "aanwezig", "present"}
ABSENT_WORDS = {"nee", "n", "no", "0", "false", "onwaar", "afwezig", "absent", "verontschuldigd"}
_SALT = "kennisdeling.attendance-import"


class AttendanceFileError(Exception):
    """The file as a whole cannot be read: nothing is imported."""


@dataclass
class PreviewLine:
    line: int
    person: str  # as the file names them
    attendance: str = ""  # Attendance value when matched
    registration: Registration | None = None
    problem: str = ""

    @property
    def matched(self) -> bool:
        return self.registration is not None and not self.problem


@dataclass
class AttendancePreview:
    lines: list[PreviewLine] = field(default_factory=list)

    @property
    def matched(self) -> list[PreviewLine]:
        return [line for line in self.lines if line.matched]

    @property
    def problems(self) -> list[PreviewLine]:
        return [line for line in self.lines if not line.matched]

    def attendance(self) -> dict[int, str]:
        return {line.registration.pk: line.attendance for line in self.matched}


def _normalise_header(value) -> str:
    text = str(value or "").strip().lower().lstrip("\ufeff")
    for char in " -_.":
        text = text.replace(char, "")
    return text


def fold(text: str) -> str:
    """A name compared without case, accents or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_attendance_file(data: bytes) -> list[tuple[int, dict[str, str], str]]:
    """The data lines of an attendance list: (line number, field -> text, problem)."""
    try:
        raw = read_rows(data)
    except SpreadsheetError as refused:
        raise AttendanceFileError(str(refused)) from refused
    header = raw[0]
    if header.problem:
        raise AttendanceFileError(
            _("Line %(line)s, the header, cannot be read.") % {"line": header.line}
        )
    columns = {
        index: HEADER_ALIASES[_normalise_header(name)]
        for index, name in enumerate(header.cells)
        if _normalise_header(name) in HEADER_ALIASES
    }
    names = set(columns.values())
    if "email" not in names and "name" not in names and not {"first_name", "last_name"} <= names:
        raise AttendanceFileError(
            _(
                "Line %(line)s lacks a column for the e-mail address (e-mail) or the name "
                "(naam, or voornaam and achternaam)."
            )
            % {"line": header.line}
        )
    lines = []
    for row in raw[1:]:
        values = {
            name: _text(row.cells[index] if index < len(row.cells) else None)
            for index, name in columns.items()
        }
        if not values.get("name") and (values.get("first_name") or values.get("last_name")):
            values["name"] = f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
        lines.append((row.line, values, row.problem))
    return lines


def _attendance(value: str) -> str | None:
    word = value.strip().lower()
    if word in PRESENT_WORDS:
        return Attendance.PRESENT
    if word in ABSENT_WORDS:
        return Attendance.ABSENT
    return None


def match_attendance(*, session: TrainingSession, data: bytes) -> AttendancePreview:
    """A result per line of the file: the registration it matches, or why it matches none."""
    registrations = list(session.registrations.all())
    by_email: dict[str, Registration] = {}
    by_name: dict[str, list[Registration]] = {}
    for registration in sorted(
        registrations, key=lambda r: r.status != RegistrationStatus.REGISTERED
    ):
        if registration.email:
            by_email.setdefault(registration.email.lower(), registration)
        by_name.setdefault(fold(registration.name), []).append(registration)
    preview = AttendancePreview()
    seen: dict[int, int] = {}
    for line, values, problem in read_attendance_file(data):
        email, name = values.get("email", "").lower(), values.get("name", "")
        result = PreviewLine(line=line, person=name or email)
        preview.lines.append(result)
        if problem:
            result.problem = problem
            continue
        if not email and not name:
            result.problem = _("No e-mail address or name on this line.")
            continue
        attendance = _attendance(values.get("attendance", ""))
        if attendance is None:
            result.problem = _(
                '"%(value)s" is no attendance: write aanwezig or afwezig (or ja / nee).'
            ) % {"value": values["attendance"]}
            continue
        result.attendance = attendance
        registration = by_email.get(email) if email else None
        if registration is None:
            candidates = [
                r for r in by_name.get(fold(name), []) if r.status == RegistrationStatus.REGISTERED
            ] or by_name.get(fold(name), [])
            if len(candidates) > 1:
                result.problem = _(
                    "More than one registration has this name: add the e-mail address."
                )
                continue
            registration = candidates[0] if candidates else None
        if registration is None:
            result.problem = _(
                "Nobody with this e-mail address or name is registered for this session."
            )
            continue
        result.registration = registration
        if registration.status == RegistrationStatus.WAITING:
            result.problem = _("%(name)s is on the waiting list, without a seat.") % {
                "name": registration.name
            }
        elif registration.status == RegistrationStatus.CANCELLED:
            result.problem = _("The registration of %(name)s was cancelled.") % {
                "name": registration.name
            }
        elif registration.pk in seen:
            result.problem = _("%(name)s is already on line %(line)s.") % {
                "name": registration.name,
                "line": seen[registration.pk],
            }
        else:
            seen[registration.pk] = line
    return preview


def sign_preview(*, session: TrainingSession, preview: AttendancePreview) -> str:
    """What the confirmation records, signed: it comes back from the browser unchanged."""
    return signing.dumps(
        {
            "session": session.pk,
            "attendance": {str(pk): value for pk, value in preview.attendance().items()},
            "problems": len(preview.problems),
        },
        salt=_SALT,
    )


def unsign_preview(*, session: TrainingSession, token: str) -> tuple[dict[int, str], int]:
    """The attendance to record (registration id -> value) and the number of lines left out;
    a token of another session or tampered with raises `signing.BadSignature`."""
    payload = signing.loads(token, salt=_SALT, max_age=60 * 60)
    if payload.get("session") != session.pk:
        raise signing.BadSignature("another session")
    return {int(pk): value for pk, value in payload["attendance"].items()}, int(payload["problems"])
