"""The city-wide report in `make bench` (reports/city_report.py): its data read, and the PDF
made in-process through the kind's build and `beleid.pdf.render_pdf`, beside WeasyPrint
rendering the very same HTML (saved once, as a static string) with the same options
(`beleid.pdf.WRITE_OPTIONS`): the floor that no template or query can beat. One render each:
the bench stays fast."""

import io

from django.template.loader import render_to_string
from django.utils import translation

from .city import City
from .registry import AUDITOR, REGISTRY, Figure, timed

LANGUAGE = "nl-be"
CODE = "BENC-HMAR-KCOD"  # a verification code's shape, for the footer


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _floor(html: str) -> bytes:
    from weasyprint import HTML

    from beleid.pdf import WRITE_OPTIONS, static_files_fetcher, static_roots

    with translation.override(LANGUAGE):
        return HTML(string=html, base_url=static_roots()[0].as_uri() + "/",
                    url_fetcher=static_files_fetcher(), media_type="print",
                    ).write_pdf(**WRITE_OPTIONS)


def _render_beside_the_floor(kind, params: dict, city: City, name: str) -> list[Figure]:
    """The kind's build (the data), render_pdf (template, layout, PDF/A-3b, the data embedded)
    and the floor (WeasyPrint on the same HTML), as the auditor asks for it."""
    from beleid.models import Document
    from beleid.pdf import render_pdf

    document = Document(kind=kind.code, params=params, requested_by=city.users[AUDITOR],
                        language=LANGUAGE)
    with translation.override(LANGUAGE):
        build = timed(f"{name}: the data", lambda: kind.build(document))
    content = build.result
    context = {**content.context, "verification_code": CODE}
    rendered = timed(
        f"{name}: render_pdf",
        lambda: render_pdf(template_name=content.template_name, context=context,
                           language=LANGUAGE, data=content.data))
    with translation.override(LANGUAGE):
        html = render_to_string(content.template_name, context)
    floor = timed(f"{name}: the same pages, WeasyPrint on the static HTML (the floor)",
                  lambda: _floor(html))
    pages, floor_pages = _pages(rendered.result), _pages(floor.result)
    rendered.note = (f"{pages} pages, {pages / rendered.seconds:.1f} pages/s; "
                     f"{rendered.seconds / floor.seconds:.2f}x the floor")
    floor.note = f"{floor_pages} pages, {floor_pages / floor.seconds:.1f} pages/s"
    for figure in (build, rendered, floor):
        figure.result = None
    return [build, rendered, floor]


@REGISTRY.workload("reports")
def reports(city: City, options) -> list[Figure]:
    """The city report of this year's round ({departments} departments) and the department
    report of a department of the usual size (not the sample one, whose imported register
    gives its audit trail thousands of events)."""
    from beleid.models import Department
    from reports.city_report import CityReport
    from reports.department_report import DepartmentReport

    __import__("weasyprint")  # its import (a second or so) is no part of either render
    department = Department.objects.exclude(slug=city.sample_slug).order_by("name").first()
    return [
        *_render_beside_the_floor(CityReport(), {"year": city.year}, city,
                                  f"city report {city.year} ({city.departments} departments)"),
        *_render_beside_the_floor(
            DepartmentReport(),
            {"department_id": department.pk, "year": city.year, "as_of": None}, city,
            f"department report {city.year} ({department.name})"),
    ]
