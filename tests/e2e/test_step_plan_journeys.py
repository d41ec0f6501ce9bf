"""The step plan in the browser, as the people who use it: coordinator, consultant, office,
auditor. Every page reached is screenshotted and HTML-checked (the `journey` fixture)."""

import hashlib

import pytest
from playwright.sync_api import expect

from beleid.models import AuditEvent
from tests.e2e import scenario
from tests.e2e.scenario import build_city
from workflows.models import ChecklistItem, Evidence, PlanStep

pytestmark = pytest.mark.e2e

VISION = "Vrijwilligers zijn welkom in De Krook: ze versterken wat onze medewerkers doen."
PDF = b"%PDF-1.4 visie van de bibliotheek"
WRONG = b"%PDF-1.4 een oude versie"


@pytest.fixture
def city(transactional_db, django_capture_on_commit_callbacks):
    return build_city(capture=django_capture_on_commit_callbacks)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "visie-2026.pdf").write_bytes(PDF)
    (tmp_path / "oude-versie.pdf").write_bytes(WRONG)
    return tmp_path


def sign_in(journey, username):
    journey.login(username)
    journey.shot(f"first page of {username}")


def item(code):
    return ChecklistItem.objects.get(
        requirement__code=code, plan_step__process__department__slug="bibliotheek-de-krook")


def test_coordinator_completes_and_submits_the_vision_checklist(journey, city, files):
    page = journey.page
    # given An, coordinator of the library, signed in
    sign_in(journey, "an")

    # when she goes through the menu to her inbox and opens this year's vision checklist
    page.get_by_role("link", name="Stappenplan").click()
    expect(page.get_by_role("link", name="Visie: checklist invullen")).to_be_visible()
    journey.shot("inbox")
    page.get_by_role("link", name="Visie: checklist invullen").click()
    expect(page.locator("h1")).to_have_text("Visie: checklist invullen")
    journey.shot("vision checklist")

    # she types the vision, sets the statuses, chooses a file, a wrong file and a link
    page.get_by_label("Onze visie op het werken met vrijwilligers").fill(VISION)
    for code in ("VIS-01", "VIS-02", "VIS-04"):
        page.locator(f"#item-{code}").get_by_label("Status", exact=True).select_option(
            label="Voldaan")
    vis03 = page.locator("#item-VIS-03")
    vis03.get_by_label("Status", exact=True).select_option(label="Deels voldaan")
    vis03.get_by_label("Toelichting").fill("De medewerkers van het onthaal kennen ze nog niet.")
    page.locator("#item-VIS-01").get_by_label("Bestand toevoegen").set_input_files(
        files / "visie-2026.pdf")
    page.locator("#item-VIS-02").get_by_label("Bestand toevoegen").set_input_files(
        files / "oude-versie.pdf")
    vis03.get_by_label("Link naar de kennisbank toevoegen").fill(
        "https://intranet.gent.be/kennis/visie-delen")
    vis03.get_by_label("Titel van de link").fill("Zo deel je de visie")
    page.get_by_role("button", name="Opslaan", exact=True).click()

    # then everything typed is kept, and the files and the link are evidence
    expect(page.locator(".ui-message--success")).to_contain_text("Je wijzigingen zijn opgeslagen")
    expect(page.get_by_label("Onze visie op het werken met vrijwilligers")).to_have_value(VISION)
    expect(page.locator("#item-VIS-01 .workflows-evidence")).to_contain_text("visie-2026.pdf")
    expect(page.locator("#item-VIS-01 .workflows-evidence")).to_contain_text(
        hashlib.sha256(PDF).hexdigest())
    expect(page.locator("#item-VIS-03 .workflows-evidence")).to_contain_text("Zo deel je de visie")
    journey.shot("checklist saved with evidence")

    # when she types a comment and then removes the wrong file
    page.locator("#item-VIS-02").get_by_label("Opmerkingen").fill("Goedgekeurd op het MT.")
    page.get_by_role("button", name="oude-versie.pdf verwijderen").click()

    # then a confirmation says what will be removed from where
    expect(page.locator("h1")).to_have_text("“oude-versie.pdf” verwijderen?")
    expect(page.locator("#what-happens")).to_contain_text(
        "Het bestand “oude-versie.pdf” wordt verwijderd uit de bewijsstukken van VIS-02")
    journey.shot("confirm removal")
    page.get_by_role("button", name="Bewijsstuk verwijderen").click()

    # and back on the checklist the file is gone, the comment typed before is still there
    expect(page.locator(".ui-message--success")).to_contain_text(
        "“oude-versie.pdf” is verwijderd uit de bewijsstukken.")
    expect(page.locator("#item-VIS-02")).not_to_contain_text("oude-versie.pdf")
    expect(page.locator("#item-VIS-02").get_by_label("Opmerkingen")).to_have_value(
        "Goedgekeurd op het MT.")
    journey.shot("checklist after removal")

    # when she submits
    page.get_by_role("button", name="Indienen voor nazicht").click()
    expect(page.locator("vf-snackbar")).to_contain_text("De stap is ingediend voor nazicht.")
    journey.shot("after submitting")

    # then the step is submitted with what she typed, chose and removed, all audited
    step = PlanStep.objects.get(process=city.plan, step__code="vision")
    assert (step.status, step.vision_text, step.submitted_by) == (
        "submitted", VISION, city.coordinator)
    assert dict(
        ChecklistItem.objects.filter(plan_step=step).values_list("requirement__code", "status")
    ) == {"VIS-01": "met", "VIS-02": "met", "VIS-03": "partly_met", "VIS-04": "met"}
    assert sorted(Evidence.objects.filter(item__plan_step=step).values_list(
        "item__requirement__code", "filename", "link_title", "sha256")) == [
        ("VIS-01", "visie-2026.pdf", "", hashlib.sha256(PDF).hexdigest()),
        ("VIS-03", "", "Zo deel je de visie", ""),
    ]
    events = list(AuditEvent.objects.filter(actor=city.coordinator).order_by("id").values_list(
        "event_type", flat=True))
    assert events.count("EVIDENCE_ADDED") == 3
    assert events.count("EVIDENCE_REMOVED") == 1
    assert events.count("VISION_UPDATED") == 1
    assert events.count("CHECKLIST_ITEM_UPDATED") == 5  # four statuses, one comment
    assert events[-1] == "STEP_SUBMITTED"


def submit_the_vision(city):
    """What An did in the first journey, through the services: the vision written, VIS-03
    partly met with an explanation, the rest met, a file and a link, submitted."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workflows.services import checklists, steps

    def work():
        step = PlanStep.objects.get(process=city.plan, step__code="vision")
        for code, status, explanation in (
            ("VIS-01", "met", ""), ("VIS-02", "met", ""), ("VIS-04", "met", ""),
            ("VIS-03", "partly_met", "De medewerkers van het onthaal kennen ze nog niet."),
        ):
            checklists.checklist_item_update(
                item=item(code), actor=city.coordinator, status=status,
                explanation=explanation, interpretation="", comment="")
        checklists.plan_step_vision_update(plan_step=step, actor=city.coordinator, text=VISION)
        checklists.evidence_add_file(item=item("VIS-01"), actor=city.coordinator,
                                     upload=SimpleUploadedFile("visie-2026.pdf", PDF))
        checklists.evidence_add_link(item=item("VIS-03"), actor=city.coordinator,
                                     url="https://intranet.gent.be/kennis/visie-delen",
                                     title="Zo deel je de visie")
        steps.step_submit(plan_step=step, actor=city.coordinator)

    scenario._complete_task(city.plan, "vision", city.coordinator, work)


RETURN_COMMENT = (
    "Bespreek de visie eerst op het teamoverleg van het onthaal en voeg het verslag toe.")


def test_return_resubmit_approve_and_sign_off(journey, city, files):
    page = journey.page
    # given the vision step submitted by An (as in the first journey, through the services)
    submit_the_vision(city)

    # when Sofie, consultant, finds it through the menu and her inbox
    sign_in(journey, "sofie")
    page.get_by_role("link", name="Stappenplan").click()
    expect(page.get_by_role("link", name="Visie: nazicht")).to_be_visible()
    journey.shot("inbox of sofie")
    page.get_by_role("link", name="Visie: nazicht").click()
    expect(page.locator("#vision")).to_contain_text(VISION)
    expect(page.locator("#item-VIS-01")).to_contain_text(hashlib.sha256(PDF).hexdigest())
    expect(page.locator("#item-VIS-03")).to_contain_text("Deels voldaan")
    journey.shot("review of the vision")
    # and returns it with a comment
    page.get_by_label("Terugsturen naar de coördinatoren").check()
    page.get_by_label("Opmerking (verplicht bij terugsturen)").fill(RETURN_COMMENT)
    page.get_by_role("button", name="Beslissing bewaren").click()
    expect(page.locator("vf-snackbar")).to_contain_text("De stap is teruggestuurd")
    journey.shot("after returning")

    # then An sees the task marked as returned in her inbox, and the comment first on its page
    sign_in(journey, "an")
    page.get_by_role("link", name="Stappenplan").click()
    row = page.locator("tr", has=page.get_by_role("link", name="Visie: checklist invullen"))
    expect(row).to_contain_text("teruggestuurd")
    journey.shot("inbox with the returned task")
    page.get_by_role("link", name="Visie: checklist invullen").click()
    expect(page.locator("#returned-comment")).to_contain_text(RETURN_COMMENT)
    expect(page.locator("#returned-comment")).to_contain_text("Teruggestuurd door Sofie Claes")
    journey.shot("returned checklist")
    # she fixes it: VIS-03 met now, the report of the meeting added, a sentence more
    vis03 = page.locator("#item-VIS-03")
    vis03.get_by_label("Status", exact=True).select_option(label="Voldaan")
    vis03.get_by_label("Toelichting").fill("")
    (files / "verslag-teamoverleg.pdf").write_bytes(b"%PDF-1.4 verslag")
    vis03.get_by_label("Bestand toevoegen").set_input_files(files / "verslag-teamoverleg.pdf")
    page.get_by_label("Onze visie op het werken met vrijwilligers").fill(
        VISION + " We bespreken ze elk jaar op het teamoverleg.")
    page.get_by_role("button", name="Indienen voor nazicht").click()
    expect(page.locator("vf-snackbar")).to_contain_text("De stap is ingediend voor nazicht.")
    journey.shot("after resubmitting")

    # when Sofie opens the review again, she sees what changed since she returned it
    sign_in(journey, "sofie")
    page.get_by_role("link", name="Stappenplan").click()
    row = page.locator("tr", has=page.get_by_role("link", name="Visie: nazicht"))
    expect(row).to_contain_text("opnieuw ingediend")
    journey.shot("inbox with the resubmitted step")
    page.get_by_role("link", name="Visie: nazicht").click()
    changes = page.locator("#changes-since-return")
    expect(changes).to_contain_text("Wat veranderde sinds Sofie Claes de stap terugstuurde")
    expect(changes).to_contain_text("Status: Deels voldaan → Voldaan")
    expect(changes).to_contain_text("Bewijsstuk toegevoegd: verslag-teamoverleg.pdf")
    expect(changes).to_contain_text("We bespreken ze elk jaar op het teamoverleg.")
    expect(changes).not_to_contain_text("VIS-01")
    journey.shot("review with the changes")
    page.get_by_label("Goedkeuren").check()
    page.get_by_label("Opmerking (verplicht bij terugsturen)").fill("Mooi uitgewerkt.")
    page.get_by_role("button", name="Beslissing bewaren").click()
    expect(page.locator("vf-snackbar")).to_contain_text("De stap is goedgekeurd.")
    journey.shot("after approving")

    # and with the other steps of the year already approved (through the services, not
    # the pages), the office signs the year off
    others = PlanStep.objects.filter(process=city.plan).exclude(step__code="vision")
    scenario.approve_through_services(city, *others.values_list("step__code", flat=True))
    page.get_by_role("link", name="Postvak").click()
    page.get_by_role("link", name="Het jaar afsluiten").click()
    expect(page.locator("#step-vision")).to_contain_text("Goedgekeurd door Sofie Claes")
    journey.shot("sign off")
    page.get_by_label("Opmerking").fill("Alle stappen in orde.")
    page.get_by_role("button", name="Het jaar afsluiten").click()
    expect(page.locator("vf-snackbar")).to_contain_text("Het jaar is afgesloten.")
    journey.shot("after signing off")

    # then the plan is done, signed off by Sofie, with the whole review history recorded
    city.plan.refresh_from_db()
    assert (city.plan.status, city.plan.signed_off_by, city.plan.signed_off_comment) == (
        "DONE", city.consultant, "Alle stappen in orde.")
    vision = PlanStep.objects.get(process=city.plan, step__code="vision")
    assert list(vision.reviews.values_list("decision", "comment", "reviewer__username")) == [
        ("returned", RETURN_COMMENT, "sofie"), ("approved", "Mooi uitgewerkt.", "sofie")]
    assert vision.reviews.first().snapshot["items"]["VIS-03"]["status"] == "partly_met"
    assert vision.vision_text.endswith("We bespreken ze elk jaar op het teamoverleg.")


def approve_the_vision_after_a_return(city):
    """The vision submitted, returned with a comment, fixed and approved (the services)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workflows.services import checklists, steps

    submit_the_vision(city)
    scenario.review_through_services(city, "vision", approve=False, comment=RETURN_COMMENT)

    def fix():
        step = PlanStep.objects.get(process=city.plan, step__code="vision")
        checklists.checklist_item_update(
            item=item("VIS-03"), actor=city.coordinator, status="met", explanation="",
            interpretation="", comment="")
        checklists.evidence_add_file(item=item("VIS-03"), actor=city.coordinator,
                                     upload=SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 verslag"))
        steps.step_submit(plan_step=step, actor=city.coordinator)

    scenario._complete_task(city.plan, "vision", city.coordinator, fix)
    scenario.review_through_services(city, "vision", approve=True, comment="Mooi uitgewerkt.")


def database_state():
    from viewflow.workflow.models import Task

    from workflows.models import StepReview

    return {
        "events": AuditEvent.objects.count(),
        "steps": list(PlanStep.objects.order_by("pk").values()),
        "items": list(ChecklistItem.objects.order_by("pk").values()),
        "evidence": list(Evidence.objects.order_by("pk").values()),
        "reviews": list(StepReview.objects.order_by("pk").values()),
        "tasks": list(Task.objects.order_by("pk").values("pk", "status", "owner_id")),
    }


def test_auditor_reads_the_approved_step_and_changes_nothing(journey, city):
    page = journey.page
    # given the library's vision approved after a return (through the services)
    approve_the_vision_after_a_return(city)
    before = database_state()

    # when Marc, auditor, goes from the menu to the year's round, the library's plan, the step
    sign_in(journey, "marc")
    page.get_by_role("link", name="Jaarrondes").click()
    journey.shot("rounds")
    page.get_by_role("link", name=f"Ronde {city.plan.year}").click()
    journey.shot("round overview")
    page.get_by_role("link", name="Bibliotheek De Krook").click()
    expect(page.locator("#step-vision")).to_contain_text("Goedgekeurd door Sofie Claes")
    journey.shot("plan of the library")
    page.locator("#step-vision").get_by_role("link", name="Visie").click()

    # then he reads the vision, every item, the evidence with its SHA-256 and the reviews
    expect(page.locator("h1")).to_have_text("Visie: nazicht")
    expect(page.locator("#task-facts")).to_contain_text("Afgewerkt door Sofie Claes")
    expect(page.locator("#vision")).to_contain_text(VISION)
    expect(page.locator("#item-VIS-03")).to_contain_text("Voldaan")
    expect(page.locator("#item-VIS-01")).to_contain_text("visie-2026.pdf")
    expect(page.locator("#item-VIS-01")).to_contain_text(hashlib.sha256(PDF).hexdigest())
    expect(page.locator("#item-VIS-01")).to_contain_text("Toegevoegd door An Peeters")
    expect(page.locator("#reviews")).to_contain_text("Teruggestuurd door Sofie Claes")
    expect(page.locator("#reviews")).to_contain_text(RETURN_COMMENT)
    expect(page.locator("#reviews")).to_contain_text("Goedgekeurd door Sofie Claes")
    expect(page.locator("#reviews")).to_contain_text("Mooi uitgewerkt.")
    expect(page.locator(".ui-actions")).to_have_count(0)  # nothing to do here for him
    journey.shot("approved vision step")

    # and the first (returned) checklist task reads the same way, from the plan's task list
    page.get_by_role("link", name="Stappenplan van Bibliotheek De Krook").click()
    page.locator("#tasks").get_by_role("link", name="Visie: checklist invullen").first.click()
    expect(page.locator("#later-task")).to_contain_text("Open de laatste taak: Visie: nazicht")
    expect(page.locator("#vision")).to_contain_text(VISION)
    journey.shot("first vision checklist task")

    # and nothing changed in the database
    assert database_state() == before


def test_office_cancels_a_task_and_the_coordinator_sees_it(journey, city):
    page = journey.page
    # when Sofie goes from the round to the library's plan and opens the onboarding task
    sign_in(journey, "sofie")
    page.get_by_role("link", name="Jaarrondes").click()
    journey.shot("rounds")
    page.get_by_role("link", name=f"Ronde {city.plan.year}").click()
    journey.shot("round overview")
    page.get_by_role("link", name="Bibliotheek De Krook").click()
    journey.shot("plan of the library")
    page.locator("#tasks").get_by_role("link", name="Onthaal: checklist invullen").click()
    journey.shot("onboarding task")
    page.get_by_role("link", name="Taak annuleren…").click()

    # then the confirmation says what will happen, for whom, with buttons that say so
    expect(page.locator("h1")).to_have_text("De taak “Onthaal: checklist invullen” annuleren?")
    expect(page.locator("#what-happens")).to_contain_text(
        "De coördinatoren van Bibliotheek De Krook kunnen deze stap niet meer invullen of "
        "indienen; de taak verdwijnt uit hun inbox.")
    expect(page.get_by_role("link", name="Terug")).to_be_visible()
    journey.shot("confirm cancelling the task")
    events = AuditEvent.objects.count()
    page.get_by_role("button", name="Taak annuleren").click()

    # and the plan shows the step as cancelled, by her, now
    expect(page.locator(".ui-messages")).to_contain_text(
        "De taak “Onthaal: checklist invullen” is geannuleerd.")
    expect(page.locator("#step-onboarding")).to_contain_text("Geannuleerd door Sofie Claes")
    journey.shot("plan with the cancelled step")
    page.get_by_role("link", name=f"Jaarronde {city.plan.year}").click()
    expect(page.locator("#department-bibliotheek-de-krook")).to_contain_text(
        "Onthaal: geannuleerd")
    journey.shot("round overview with the cancelled step")
    step = PlanStep.objects.get(process=city.plan, step__code="onboarding")
    assert (step.status, step.cancelled_by) == ("cancelled", city.consultant)
    assert list(AuditEvent.objects.filter(pk__gt=0).order_by("id").values_list(
        "event_type", flat=True))[events:] == ["TASK_CANCELLED", "STEP_CANCELLED"]

    # when An, coordinator of the library, looks at her work
    sign_in(journey, "an")
    page.get_by_role("link", name="Stappenplan").click()
    expect(page.get_by_role("link", name="Visie: checklist invullen")).to_be_visible()
    expect(page.get_by_role("link", name="Onthaal: checklist invullen")).to_have_count(0)
    journey.shot("inbox without the cancelled task")
    page.get_by_role("link", name="Jaarrondes").click()
    journey.shot("rounds")
    page.get_by_role("link", name=f"Ronde {city.plan.year}").click()
    journey.shot("round overview seen by the coordinator")
    page.get_by_role("link", name="Bibliotheek De Krook").click()
    expect(page.locator("#step-onboarding")).to_contain_text("Geannuleerd door Sofie Claes")
    journey.shot("plan seen by the coordinator")
    page.locator("#step-onboarding").get_by_role("link", name="Onthaal").click()
    expect(page.locator("#task-facts")).to_contain_text("Geannuleerd door Sofie Claes")
    expect(page.locator(".ui-actions")).to_have_count(0)
    journey.shot("cancelled step seen by the coordinator")


def test_office_cancels_a_whole_plan(journey, city):
    page = journey.page
    museums = city.plan.__class__.objects.get(department=city.other_department)
    # when Sofie opens the museums' plan from the round and cancels it
    sign_in(journey, "sofie")
    page.get_by_role("link", name="Jaarrondes").click()
    journey.shot("rounds")
    page.get_by_role("link", name=f"Ronde {city.plan.year}").click()
    journey.shot("round overview")
    page.get_by_role("link", name="Musea Gent").click()
    journey.shot("plan of the museums")
    page.get_by_role("link", name="Stappenplan annuleren…").click()
    expect(page.locator("h1")).to_have_text("Het stappenplan van Musea Gent "
                                            f"{city.plan.year} annuleren?")
    expect(page.locator("#what-happens")).to_contain_text("Visie (wordt ingevuld)")
    expect(page.locator("#what-happens")).to_contain_text("Dit kan niet ongedaan gemaakt worden.")
    journey.shot("confirm cancelling the plan")
    page.get_by_role("button", name="Stappenplan annuleren").click()

    # then the plan and every step show as cancelled
    expect(page.locator("#plan-status")).to_contain_text("Geannuleerd")
    expect(page.locator("#step-vision")).to_contain_text("Geannuleerd door Sofie Claes")
    journey.shot("cancelled plan")
    museums.refresh_from_db()
    assert museums.status == "CANCELED"
    assert set(museums.steps.values_list("status", flat=True)) == {"cancelled"}


def test_the_lists_name_plans_and_tasks(journey, city):
    page = journey.page
    # given the library's vision approved (through the services)
    scenario.approve_through_services(city, "vision")

    # when Sofie looks through the step plan's menu
    sign_in(journey, "sofie")
    page.get_by_role("link", name="Stappenplan").click()
    expect(page.locator("#empty-list")).to_contain_text("Er wacht niets op jou.")
    journey.shot("empty inbox")
    page.get_by_role("link", name="Archief").click()
    expect(page.get_by_role("link", name="Visie: nazicht")).to_be_visible()
    journey.shot("archive of sofie")
    page.get_by_role("link", name="Stappenplannen").click()
    row = page.locator("tr", has=page.get_by_role("link", name="Bibliotheek De Krook"))
    expect(row).to_contain_text(str(city.plan.year))
    expect(row).to_contain_text("Bezig")
    journey.shot("step plans")
    page.get_by_role("link", name="Alle taken").click()
    journey.shot("all tasks")
    page.locator("vf-list-filter-trigger").click()
    journey.shot("all tasks with the filter")

    # then every task is named by its title, department, year and due date in words
    first = page.locator("tbody tr").first
    expect(first).to_contain_text("Visie: checklist invullen")
    expect(first).to_contain_text("Bibliotheek De Krook")
    expect(first).to_contain_text("An Peeters")
    expect(first).to_contain_text("Afgewerkt")
    expect(page.locator("tbody")).not_to_contain_text(f"#{city.plan.pk}/")

    # when she opens the round start page from the rounds
    page.get_by_role("link", name="Jaarrondes").click()
    journey.shot("rounds")
    page.get_by_role("link", name="Een ronde starten").last.click()
    expect(page.get_by_label("Versie van het kader")).to_have_value(str(city.framework.pk))
    journey.shot("round start")

    # when An, coordinator, opens her archive and her plans
    sign_in(journey, "an")
    page.get_by_role("link", name="Stappenplan").click()
    journey.shot("inbox of an")
    page.get_by_role("link", name="Wachtrij").click()
    expect(page.get_by_role("link", name="Intake: checklist invullen")).to_be_visible()
    expect(page.get_by_role("link", name="Visie: checklist invullen")).to_have_count(0)
    journey.shot("queue of an")
    page.get_by_role("link", name="Archief").click()
    expect(page.get_by_role("link", name="Visie: checklist invullen")).to_be_visible()
    journey.shot("archive of an")
    page.get_by_role("link", name="Stappenplannen").click()
    expect(page.get_by_role("link", name="Bibliotheek De Krook")).to_be_visible()
    expect(page.get_by_role("link", name="Musea Gent")).to_have_count(0)
    expect(page.get_by_role("link", name="Alle taken")).to_have_count(0)
    journey.shot("plans of an")
