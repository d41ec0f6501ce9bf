"""The insurance register extract (kind "insurance_extract", params {"as_of": "YYYY-MM-DD",
"insurer_copy": bool}): per department, the volunteers insured on a day: an engagement of the
department active on that day, and a cover of their person whose period contains it.

Who may ask for it: holders of the register-extract permission, i.e. who may take the
insurer's list (`access.can_take_insurer_list`: the office, and auditors with the
permission); never a coordinator. The national number is masked
(`insurance.national_number.mask`) unless the insurer's copy is asked for, which only whoever
may see the persons behind the volunteers may (`access.can_see_persons`: the office).

`extract_data` is what the pages show, as plain JSON values (masked the same way).
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beleid import access
from beleid.documents import DocumentContent, DocumentKind
from insurance.models import Engagement, InsuranceCoverage
from insurance.national_number import mask

KIND = "insurance_extract"
TEMPLATE = "reports/pdf/insurance_extract.html"


def _day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def may_take_extract(user, *, insurer_copy: bool) -> bool:
    """The extract: the register-extract permission; the insurer's copy (full national
    numbers): the office only."""
    if not access.can_take_insurer_list(user):
        return False
    return access.can_see_persons(user) if insurer_copy else True


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _covers_on(day: datetime.date):
    return InsuranceCoverage.objects.filter(
        person_id=OuterRef("volunteer__person_id"), insured_from__lte=day,
    ).filter(Q(insured_to__isnull=True) | Q(insured_to__gte=day))


def extract_data(*, as_of: datetime.date, insurer_copy: bool) -> dict:
    """Per department (by name), its volunteers insured on `as_of` (by name), as plain JSON
    values in the current language; the national number masked unless `insurer_copy`.
    Background work for a user already allowed: not scoped (two queries)."""
    engagements = (
        Engagement.objects.filter(status=Engagement.Status.ACTIVE, start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
        .filter(Exists(_covers_on(as_of)))
        .order_by("department__name", "department_id", "volunteer__last_name",
                  "volunteer__first_name", "volunteer_id", "start_date")
        .values_list("department_id", "department__name", "volunteer_id",
                     "volunteer__last_name", "volunteer__first_name",
                     "volunteer__date_of_birth", "volunteer__person_id",
                     "volunteer__person__national_number", "start_date", "end_date")
    )
    rows = list(engagements)
    covers = {
        person_id: (insured_from, insured_to)
        for person_id, insured_from, insured_to in InsuranceCoverage.objects.filter(
            person_id__in={row[6] for row in rows}, insured_from__lte=as_of)
        .filter(Q(insured_to__isnull=True) | Q(insured_to__gte=as_of))
        .values_list("person_id", "insured_from", "insured_to")
    }
    departments: list[dict] = []
    seen: set[tuple[int, int]] = set()
    for (department_id, department, volunteer_id, last_name, first_name, born, person_id,
         number, start, end) in rows:
        if (department_id, volunteer_id) in seen:
            continue  # two engagements of one volunteer on the day: listed once
        seen.add((department_id, volunteer_id))
        if not departments or departments[-1]["id"] != department_id:
            departments.append({"id": department_id, "name": department, "persons": []})
        insured_from, insured_to = covers[person_id]
        departments[-1]["persons"].append({
            "last_name": last_name, "first_name": first_name,
            "date_of_birth": born.isoformat() if born else None,
            "date_of_birth_text": _date(born),
            "national_number": number if insurer_copy else mask(number),
            "insured_from": insured_from.isoformat(),
            "insured_to": insured_to.isoformat() if insured_to else None,
            "engaged_from": start.isoformat(),
            "engaged_to": end.isoformat() if end else None,
            "insured_text": f"{_date(insured_from)} – {_date(insured_to)}".rstrip(" –")
            if insured_to else gettext("from %(date)s") % {"date": _date(insured_from)},
        })
    for department in departments:
        department["count"] = len(department["persons"])
    return {
        "kind": KIND,
        "as_of": as_of.isoformat(),
        "insurer_copy": insurer_copy,
        "departments": departments,
        "persons": sum(department["count"] for department in departments),
    }


def _title(params) -> str:
    day = _day(params.get("as_of"))
    title = gettext("Insurance register extract on %(date)s") % {
        "date": _date(day) if day else params.get("as_of")}
    if params.get("insurer_copy"):
        title += " " + gettext("(insurer's copy)")
    return title


class InsuranceExtract(DocumentKind):
    code = KIND
    label = _("Insurance register extract")

    def params_from_request(self, user, data):
        day = _day(data.get("as_of", ""))
        insurer_copy = str(data.get("insurer_copy", "")).lower() in ("1", "true", "on", "yes")
        if day is None or not may_take_extract(user, insurer_copy=insurer_copy):
            raise Http404("No such extract for this user.")
        return {"as_of": day.isoformat(), "insurer_copy": insurer_copy}

    def title(self, params):
        return _title(params)

    def public_title(self, document):
        return self.title(document.params)  # a date: names no person

    def may_request(self, user, params):
        return _day(params.get("as_of")) is not None and may_take_extract(
            user, insurer_copy=params.get("insurer_copy") is True)

    def build(self, document):
        params = document.params
        as_of = _day(params.get("as_of"))
        insurer_copy = params.get("insurer_copy") is True
        data = extract_data(as_of=as_of, insurer_copy=insurer_copy)
        requester = document.requested_by
        return DocumentContent(
            template_name=TEMPLATE,
            context={
                "title": _title(params), "extract": data,
                "as_of_text": _date(as_of),
                "generated_on": formats.date_format(timezone.localtime(), "DATETIME_FORMAT"),
                "generated_by": (requester.get_full_name() or requester.get_username())
                if requester else gettext("the command line"),
            },
            filename=f"verzekeringsregister-{as_of.isoformat()}"
                     f"{'-verzekeraar' if insurer_copy else ''}.pdf",
            data=data,
        )
