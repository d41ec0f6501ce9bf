"""Evidence by its content: the bytes of a file must be the type its extension says (PDF, DOCX,
XLSX, ODT, PNG, JPG); a disguised file is refused with a Dutch message beside its field and
nothing is stored; a long name keeps its extension; a link is a web address (http, https)."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from beleid.models import AuditEvent
from workflows.models import ChecklistItem, Evidence, PlanStep
from workflows.services import WorkflowError
from workflows.services.checklists import evidence_add_file, evidence_add_link

from .conftest import StepPlanFlow, checklist_data, execute_url, open_task


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(entries):
            kind = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=kind)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "vrijwilligers"
    book.save(buffer)
    return buffer.getvalue()


CONTENT_TYPES = ("[Content_Types].xml", b"<?xml version='1.0'?><Types/>")
DOCX = _zip([CONTENT_TYPES, ("word/document.xml", b"<w:document/>")])
ODT = _zip(
    [("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office/>")],
    stored_first=True,
)
REAL_FILES = {
    "visie.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "foto.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20,
    "foto.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20,
    "foto.jpeg": b"\xff\xd8\xff\xe1\x00\x10Exif\x00" + b"\x00" * 20,
    "nota.docx": DOCX,
    "lijst.xlsx": _xlsx(),
    "nota.odt": ODT,
}
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b"<script>alert(document.domain)</script></svg>")
PHP = b"<?php system($_GET['c']); ?>"
# (name, content, the type the message names)
DISGUISED = [
    ("visie.pdf", HTML, "PDF"),
    ("logo.png", SVG, "PNG"),
    ("foto.jpg", PHP, "JPG"),
    ("foto.jpeg", HTML, "JPG"),
    ("scan.pdf", SVG, "PDF"),
    ("shell.png", PHP, "PNG"),
    ("nota.docx", _zip([("index.html", HTML)]), "DOCX"),  # a zip, but no Word document
    ("nota.docx", REAL_FILES["lijst.xlsx"], "DOCX"),  # a workbook named as a document
    ("lijst.xlsx", DOCX, "XLSX"),
    ("nota.odt", _zip([("mimetype", b"text/html"), ("index.html", HTML)]), "ODT"),
    ("nota.odt", DOCX, "ODT"),
    ("nota.docx", b"PK\x03\x04 not really a zip", "DOCX"),
]

DISGUISED_IDS = [
    "html-as-pdf", "svg-as-png", "php-as-jpg", "html-as-jpeg", "svg-as-pdf", "php-as-png",
    "zip-as-docx", "xlsx-as-docx", "docx-as-xlsx", "zip-as-odt", "docx-as-odt", "broken-zip",
]


def item_of(plan, code):
    return ChecklistItem.objects.get(plan_step__process=plan, requirement__code=code)


def stored():
    return list(Evidence.objects.values_list("pk", flat=True)), AuditEvent.objects.count()


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_each_accepted_type_is_stored(plan, coordinator, name):
    # when
    evidence = evidence_add_file(
        item=item_of(plan, "VIS-01"), actor=coordinator,
        upload=SimpleUploadedFile(name, REAL_FILES[name]),
    )

    # then
    assert (evidence.filename, evidence.size) == (name, len(REAL_FILES[name]))
    with evidence.file.open("rb") as kept:
        assert kept.read() == REAL_FILES[name]


@pytest.mark.parametrize(("name", "content", "kind"), DISGUISED, ids=DISGUISED_IDS)
def test_a_disguised_file_is_refused_by_the_service(plan, coordinator, name, content, kind):
    before = stored()

    refusal = rf"^{re.escape(name)} is geen {kind}-bestand: de inhoud"
    with pytest.raises(WorkflowError, match=refusal):
        evidence_add_file(
            item=item_of(plan, "VIS-01"), actor=coordinator,
            upload=SimpleUploadedFile(name, content),
        )

    assert stored() == before


@pytest.mark.parametrize(("name", "content", "kind"), DISGUISED[:3], ids=DISGUISED_IDS[:3])
def test_a_disguised_file_is_refused_beside_its_field_on_the_page(
    client, plan, coordinator, name, content, kind
):
    # given: the checklist of the vision step, with a disguised file for its first item
    step = PlanStep.objects.get(process=plan, step__code="vision")
    item = item_of(plan, "VIS-01")
    data = checklist_data(step, status="in_progress", action="save", vision_text="Onze visie.")
    data[f"item-{item.pk}-file"] = SimpleUploadedFile(name, content)
    client.force_login(coordinator)
    before = stored()

    # when
    response = client.post(execute_url(open_task(plan, StepPlanFlow.vision)), data)

    # then: the page again, the message beside the file field (its errors follow its
    # input), nothing stored
    assert response.status_code == 200
    page = response.content.decode()
    message = (f"{name} is geen {kind}-bestand: de inhoud past niet bij de extensie. "
               f"Bewaar het opnieuw als {kind}, of kies het juiste bestand.")
    field = page.index(f'name="item-{item.pk}-file"')
    assert page.index(message) > field
    assert page.index(message) < page.index(f'name="item-{item.pk}-link_url"')
    assert stored() == before
    assert PlanStep.objects.get(pk=step.pk).vision_text == ""


def test_a_400_character_name_keeps_its_extension(client, plan, coordinator):
    # given
    step = PlanStep.objects.get(process=plan, step__code="vision")
    item = item_of(plan, "VIS-01")
    name = "verslag-" + "a" * 388 + ".pdf"
    assert len(name) == 400
    data = checklist_data(step, status="in_progress", action="save")
    data[f"item-{item.pk}-file"] = SimpleUploadedFile(name, REAL_FILES["visie.pdf"])
    client.force_login(coordinator)

    # when
    response = client.post(execute_url(open_task(plan, StepPlanFlow.vision)), data)

    # then: stored under 200 characters, the stem shortened, the extension kept
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert len(evidence.filename) == 200
    assert evidence.filename == "verslag-" + "a" * 188 + ".pdf"
    download = client.get(f"/workflows/evidence/{evidence.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.pdf"')


@pytest.mark.parametrize(
    "url", ["ftp://intranet.gent/kennis.pdf", "javascript:alert(1)", "file:///etc/passwd"]
)
def test_a_link_that_is_no_web_address_is_refused_by_the_service(plan, coordinator, url):
    before = stored()

    with pytest.raises(WorkflowError, match=r"web address \(http:// or https://\)|webadres"):
        evidence_add_link(item=item_of(plan, "VIS-01"), actor=coordinator, url=url, title="K")

    assert stored() == before


def test_an_ftp_link_is_refused_beside_its_field_on_the_page(client, plan, coordinator):
    # given
    step = PlanStep.objects.get(process=plan, step__code="vision")
    item = item_of(plan, "VIS-02")
    data = checklist_data(step, status="in_progress", action="save")
    data[f"item-{item.pk}-link_url"] = "ftp://intranet.gent/kennis/7"
    data[f"item-{item.pk}-link_title"] = "Sjabloon"
    client.force_login(coordinator)
    before = stored()

    # when
    response = client.post(execute_url(open_task(plan, StepPlanFlow.vision)), data)

    # then
    assert response.status_code == 200
    assert "Geef een webadres dat begint met http:// of https://." in response.content.decode()
    assert stored() == before


def test_an_https_link_is_stored(plan, coordinator):
    evidence = evidence_add_link(
        item=item_of(plan, "VIS-01"), actor=coordinator,
        url="https://intranet.gent/kennis/7", title="Sjabloon",
    )

    assert (evidence.link_url, evidence.link_title) == ("https://intranet.gent/kennis/7",
                                                        "Sjabloon")
