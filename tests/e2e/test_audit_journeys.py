"""The audit trail and the framework diff in the browser, as the people who read them.

- Marc (auditor) opens the library's audit trail from the menu, filters it by event and
  period, downloads the CSV (readable names, no ids or dicts), and changes nothing.
- An (coordinator of the library) reads her own department's trail, the volunteer by name;
  the museums' trail does not exist for her.
- Sofie (Vrijwilligerspunt) compares two framework versions, both ways.
"""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from beleid.models import AuditEvent, RequirementInterpretation
from beleid.services.framework import framework_load
from insurance import services as register
from insurance.models import Engagement, Volunteer
from tests.e2e.scenario import build_city
from workflows.models import ChecklistItem, Evidence, PlanStep
from workflows.services.checklists import (
    checklist_item_update,
    evidence_add_file,
    plan_step_vision_update,
)

pytestmark = pytest.mark.e2e
PDF = b"%PDF-1.4 visie"


def city_with_history(capture):
    """The city of the journeys, with framework 2024.1 published before 2025.1, and a few
    weeks of work: the library's vision and a checklist item, evidence, a volunteer with an
    information note; a volunteer in the museums."""
    framework_load(path=settings.FRAMEWORK_DIR / "2024.1.yaml", publish=True)
    city = build_city(capture=capture)
    an, bert = city.coordinator, city.other_coordinator
    vision = PlanStep.objects.get(process=city.plan, step__code="vision")
    plan_step_vision_update(plan_step=vision, actor=an,
                            text="Bij De Krook zijn vrijwilligers medemakers van de bibliotheek.")
    item = ChecklistItem.objects.get(plan_step=vision, requirement__code="VIS-01")
    checklist_item_update(item=item, actor=an, status="met", explanation="",
                          interpretation="", comment="Goedgekeurd door het diensthoofd.")
    evidence_add_file(item=item, actor=an, upload=SimpleUploadedFile("visie-de-krook.pdf", PDF))
    today = timezone.localdate()
    lies = register.volunteer_register(
        actor=an, department=city.department, first_name="Lies", last_name="Van Acker",
        date_of_birth=datetime.date(1990, 5, 17))
    engagement = register.engagement_start(
        actor=an, volunteer=lies, start_date=today - datetime.timedelta(days=3), tasks="voorlezen")
    register.information_note_record(actor=an, engagement=engagement,
                                     given_on=today - datetime.timedelta(days=5),
                                     method="paper")
    jonas = register.volunteer_register(
        actor=bert, department=city.other_department, first_name="Jonas",
        last_name="Declercq", date_of_birth=datetime.date(1985, 2, 3))
    register.engagement_start(actor=bert, volunteer=jonas, start_date=today)
    return city, lies


def state():
    """What an auditor must not change (the audit trail apart)."""
    return {
        "items": list(ChecklistItem.objects.order_by("pk").values_list("pk", "status",
                                                                        "comment")),
        "steps": list(PlanStep.objects.order_by("pk").values_list("pk", "status",
                                                                   "vision_text")),
        "evidence": Evidence.objects.count(),
        "volunteers": list(Volunteer.objects.order_by("pk").values_list("pk", "last_name")),
        "engagements": list(Engagement.objects.order_by("pk").values_list("pk", "end_date")),
        "interpretations": RequirementInterpretation.objects.count(),
        "events": AuditEvent.objects.exclude(event_type="AUDIT_TRAIL_EXPORTED").count(),
    }


def test_the_auditor_filters_the_trail_and_downloads_it_changing_nothing(
    journey, django_capture_on_commit_callbacks
):
    city, lies = city_with_history(django_capture_on_commit_callbacks)
    page = journey.page
    today = timezone.localdate()
    before = state()

    # Marc goes from the menu to the library's audit trail
    journey.login("marc")
    journey.shot("home")
    page.get_by_role("link", name="Beleidskader").click()
    journey.shot("policy framework")
    page.get_by_role("link", name="Diensten").click()
    expect(page.get_by_role("heading", name="Diensten")).to_be_visible()
    journey.shot("departments")
    page.get_by_role("link", name="Bibliotheek De Krook").click()
    journey.shot("library")
    page.get_by_role("link", name="Audittrail").click()

    # he reads it in words: events, objects by name, the volunteer by her number
    trail = page.locator(".beleid-audit")
    expect(page.get_by_role("heading", name="Audittrail van Bibliotheek De Krook")).to_be_visible()
    expect(trail).to_contain_text("Checklistpunt gewijzigd")
    expect(trail).to_contain_text("VIS-01 Schriftelijke visie op het werken met vrijwilligers")
    expect(trail).to_contain_text("status: Niet gestart → Voldaan")
    expect(trail).to_contain_text("visie-de-krook.pdf")
    expect(trail).to_contain_text("Visie — Bibliotheek De Krook")
    expect(trail).to_contain_text(f"vrijwilliger {lies.person_id}")
    expect(trail).not_to_contain_text("Lies")
    expect(trail).not_to_contain_text("Jonas")
    journey.shot("audit trail")

    # he filters by event and period
    page.get_by_label("Gebeurtenis").select_option(label="Checklistpunt gewijzigd")
    page.get_by_label("Van").fill(today.isoformat())
    page.get_by_label("Tot en met").fill(today.isoformat())
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".beleid-audit tbody tr")).to_have_count(1)
    expect(trail).to_contain_text("An Peeters")
    expect(trail).to_contain_text("opmerkingen: — → Goedgekeurd door het diensthoofd.")
    journey.shot("filtered by event and period")

    # and downloads what he sees
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV").click()
    text = download.value.path().read_bytes().decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header == ["Tijdstip", "Dienst", "Door", "Gebeurtenis", "Betreft", "Wijzigingen"]
    assert [row[1:] for row in rows] == [[
        "Bibliotheek De Krook", "An Peeters", "Checklistpunt gewijzigd",
        "VIS-01 Schriftelijke visie op het werken met vrijwilligers",
        "status: Niet gestart → Voldaan; opmerkingen: — → Goedgekeurd door het diensthoofd.",
    ]]
    assert not re.search(r"[{}\[\]]|#\d|_id\b|[A-Z]+_[A-Z]+", text)

    # the trail says he took it; nothing else changed
    page.get_by_role("link", name="Alles tonen").click()
    expect(trail).to_contain_text("Audittrail gedownload")
    expect(trail).to_contain_text("gebeurtenis: Checklistpunt gewijzigd")
    journey.shot("the download is in the trail")
    assert state() == before
    exported = AuditEvent.objects.get(event_type="AUDIT_TRAIL_EXPORTED")
    assert (exported.actor, exported.department) == (city.auditor, city.department)


def test_the_coordinator_reads_her_own_trail_not_the_museums(
    journey, django_capture_on_commit_callbacks
):
    city, lies = city_with_history(django_capture_on_commit_callbacks)
    page = journey.page

    journey.login("an")
    journey.shot("home")
    page.get_by_role("link", name="Beleidskader").click()
    journey.shot("policy framework")
    page.get_by_role("link", name="Diensten").click()
    expect(page.get_by_role("link", name="Bibliotheek De Krook")).to_be_visible()
    expect(page.get_by_role("link", name="Musea Gent")).to_have_count(0)
    journey.shot("her departments")
    page.get_by_role("link", name="Bibliotheek De Krook").click()
    journey.shot("library")
    page.get_by_role("link", name="Audittrail").click()

    trail = page.locator(".beleid-audit")
    expect(trail).to_contain_text("Vrijwilliger geregistreerd")
    expect(trail).to_contain_text("Lies Van Acker")
    expect(trail).to_contain_text("Organisatienota geregistreerd")
    expect(trail).not_to_contain_text("Jonas")
    expect(trail).not_to_contain_text(f"vrijwilliger {lies.person_id}")
    journey.shot("her trail")

    # she filters on what Sofie did: the start of the plan
    page.get_by_label("Uitgevoerd door").select_option(label="Sofie Claes")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".beleid-audit tbody tr")).to_have_count(1)
    expect(trail).to_contain_text("Stappenplan gestart")
    journey.shot("what the office did")

    # the museums' trail is not hers: it does not exist for her
    for path in ("audit/", "audit/csv/"):
        response = page.request.get(
            f"{journey.base_url}/beleid/diensten/{city.other_department.slug}/{path}")
        assert response.status == 404
    assert not AuditEvent.objects.filter(event_type="AUDIT_TRAIL_EXPORTED").exists()


def test_the_office_compares_two_framework_versions(
    journey, django_capture_on_commit_callbacks
):
    city_with_history(django_capture_on_commit_callbacks)
    page = journey.page

    journey.login("sofie")
    journey.shot("home")
    page.get_by_role("link", name="Beleidskader").click()
    journey.shot("policy framework")
    page.get_by_role("link", name=re.compile(r"Kader$")).click()
    expect(page.get_by_role("heading", name="Twee versies vergelijken")).to_be_visible()
    journey.shot("framework versions")

    # the form proposes the last two versions
    expect(page.get_by_label("Vergelijk versie")).to_have_value("2024.1")
    expect(page.get_by_label("met versie")).to_have_value("2025.1")
    page.get_by_role("button", name="Vergelijken").click()

    expect(page.get_by_role("heading", name="Kader 2024.1 vergeleken met 2025.1")).to_be_visible()
    changed = page.locator("#diff-WRV-01")
    expect(changed).to_contain_text("Een taakprofiel per vrijwilligersfunctie")
    expect(changed.locator("ins").first).to_have_text(
        " Publiceer open functies op het matchingplatform van het Vrijwilligerspunt.")
    expect(page.locator("#diff-VRM-04")).to_contain_text("Verplicht")
    expect(page.locator("#diff-INT-03")).to_contain_text(
        "Uittreksel uit het strafregister voor wie met minderjarigen werkt")
    expect(page.locator("#diff-WRV-02")).to_contain_text("Vacatures op het vrijwilligersplatform")
    journey.shot("2024.1 compared with 2025.1")

    # any two versions: the other way round
    page.get_by_label("Vergelijk versie").select_option("2025.1")
    page.get_by_label("met versie").select_option("2024.1")
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.get_by_role("heading", name="Kader 2025.1 vergeleken met 2024.1")).to_be_visible()
    expect(page.locator("section", has=page.get_by_role("heading", name="Verwijderde vereisten"))
           ).to_contain_text("INT-03")
    journey.shot("2025.1 compared with 2024.1")

    # the framework page itself shows what changed since the version before it
    page.get_by_role("link", name="Terug naar de kaderversies").click()
    journey.shot("framework versions again")
    page.get_by_role("link", name="2025.1").click()
    expect(page.get_by_role("heading", name="Wijzigingen sinds versie 2024.1")).to_be_visible()
    expect(page.locator("#diff-BGL-02")).to_contain_text("42,31 euro per dag")
    journey.shot("framework 2025.1")
