"""The step plan's pages over HTTP: the checklist page (one form: items, vision, files and links;
evidence removed after a confirmation), a task's page once done, the cancel pages, the task
lists -- who may open them, and that a refused request changes nothing."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from viewflow.workflow.status import STATUS

from beleid.models import AuditEvent
from tests.e2e.html_check import html_problems
from workflows.models import ChecklistItem, Evidence, PlanStep, StepPlanTask
from workflows.services.checklists import evidence_add_file

from .conftest import StepPlanFlow, checklist_data, execute_url, open_task, review_step

PDF = b"%PDF-1.4 visie"


def vision(plan):
    return PlanStep.objects.get(process=plan, step__code="vision")


def item_of(plan, code):
    return ChecklistItem.objects.get(plan_step__process=plan, requirement__code=code)


def state():
    return (
        list(StepPlanTask.objects.order_by("pk").values_list("pk", "status", "owner_id")),
        list(PlanStep.objects.order_by("pk").values_list("pk", "status", "vision_text")),
        list(ChecklistItem.objects.order_by("pk").values_list("pk", "status", "comment")),
        list(Evidence.objects.order_by("pk").values_list("pk", "filename")),
        AuditEvent.objects.count(),
    )


def detail_url(task):
    return task.flow_task.reverse("detail", args=[task.process_id, task.pk])


def action_url(task, action):
    return task.flow_task.reverse(action, args=[task.process_id, task.pk])


# --- the checklist page ------------------------------------------------------------------


def test_saving_keeps_what_was_typed_and_adds_the_chosen_file_and_link(client, plan, coordinator):
    step = vision(plan)
    one, two = item_of(plan, "VIS-01"), item_of(plan, "VIS-02")
    data = checklist_data(step, status="in_progress", action="save",
                          vision_text="Vrijwilligers zijn welkom.")
    data[f"item-{one.pk}-comment"] = "Goedgekeurd op het MT."
    data[f"item-{one.pk}-file"] = SimpleUploadedFile("visie.pdf", PDF)
    data[f"item-{two.pk}-link_url"] = "https://intranet.gent.be/kennis/7"
    data[f"item-{two.pk}-link_title"] = "Sjabloon"
    client.force_login(coordinator)

    response = client.post(execute_url(open_task(plan, StepPlanFlow.vision)), data)

    assert response.status_code == 302
    assert vision(plan).vision_text == "Vrijwilligers zijn welkom."
    assert item_of(plan, "VIS-01").comment == "Goedgekeurd op het MT."
    assert sorted(Evidence.objects.values_list("item__requirement__code", "filename",
                                               "link_title")) == [
        ("VIS-01", "visie.pdf", ""), ("VIS-02", "", "Sjabloon")]
    page = client.get(response["Location"]).content.decode()
    assert hashlib.sha256(PDF).hexdigest() in page  # the whole SHA-256, with size and who
    assert "Toegevoegd door" in page


def test_a_refused_file_saves_nothing_and_shows_the_typed_text_again(client, plan, coordinator):
    step = vision(plan)
    one = item_of(plan, "VIS-01")
    data = checklist_data(step, status="met", action="save", vision_text="Nieuwe visie.")
    data[f"item-{one.pk}-file"] = SimpleUploadedFile("script.html", b"<script>")
    client.force_login(coordinator)
    before = state()

    response = client.post(execute_url(open_task(plan, StepPlanFlow.vision)), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "script.html: enkel PDF-, DOCX-" in page
    assert "Nieuwe visie." in page  # what was typed is on the page again
    assert state() == before


def test_the_checklist_page_with_evidence_has_no_nested_forms_or_duplicate_ids(
    client, plan, coordinator
):
    for code in ("VIS-01", "VIS-02"):
        evidence_add_file(item=item_of(plan, code), actor=coordinator,
                          upload=SimpleUploadedFile(f"{code}.pdf", PDF))
    client.force_login(coordinator)

    page = client.get(execute_url(open_task(plan, StepPlanFlow.vision))).content.decode()

    assert html_problems(page) == []
    checklist = page[page.index('<form method="post" id="checklist"'):]
    checklist = checklist[:checklist.index("</form>")]
    assert checklist.count('name="remove_evidence"') == 2  # inside the one checklist form


def test_remove_saves_first_then_asks_to_confirm(client, plan, coordinator):
    step = vision(plan)
    evidence = evidence_add_file(item=item_of(plan, "VIS-01"), actor=coordinator,
                                 upload=SimpleUploadedFile("oud.pdf", PDF))
    task = open_task(plan, StepPlanFlow.vision)
    data = checklist_data(step, status="in_progress", action="")
    data[f"item-{item_of(plan, 'VIS-02').pk}-comment"] = "nog te bespreken"
    data["remove_evidence"] = str(evidence.pk)
    client.force_login(coordinator)

    # when the coordinator clicks "Remove…" next to the file
    response = client.post(execute_url(task), data)

    # then what was typed is saved, the file is still there, and the confirmation is next
    confirm = reverse("workflows:evidence_remove", args=[evidence.pk])
    assert response.status_code == 302
    assert response["Location"].startswith(f"{confirm}?next=")
    assert item_of(plan, "VIS-02").comment == "nog te bespreken"
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Het bestand “oud.pdf” wordt verwijderd uit de bewijsstukken van VIS-01" in page
    assert "Bewijsstuk verwijderen" in page and "Terug" in page

    # when confirmed, it is removed and the coordinator is back on the checklist
    removed = client.post(response["Location"], {"next": execute_url(task)})
    assert (removed.status_code, removed["Location"]) == (302, execute_url(task))
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert AuditEvent.objects.latest("id").event_type == "EVIDENCE_REMOVED"


@pytest.mark.parametrize("who, expected", [
    ("coordinator", 200), ("consultant", 200), ("auditor", 404), ("other_coordinator", 404)])
def test_who_may_open_the_removal_page(client, plan, coordinator, who, expected, request):
    evidence = evidence_add_file(item=item_of(plan, "VIS-01"), actor=coordinator,
                                 upload=SimpleUploadedFile("oud.pdf", PDF))
    url = reverse("workflows:evidence_remove", args=[evidence.pk])
    client.force_login(request.getfixturevalue(who))
    before = state()

    assert client.get(url).status_code == expected
    if expected == 404:
        assert client.post(url).status_code == 404
        assert state() == before


def test_evidence_of_a_submitted_step_cannot_be_removed(client, plan, coordinator):
    evidence = evidence_add_file(item=item_of(plan, "VIS-01"), actor=coordinator,
                                 upload=SimpleUploadedFile("visie.pdf", PDF))
    client.force_login(coordinator)
    client.post(execute_url(open_task(plan, StepPlanFlow.vision)),
                checklist_data(vision(plan), vision_text="Onze visie."))
    assert vision(plan).status == "submitted"
    url = reverse("workflows:evidence_remove", args=[evidence.pk])
    before = state()

    page = client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert "de bewijsstukken kunnen nu niet gewijzigd worden" in page
    assert "Bewijsstuk verwijderen</span></button>" not in page
    assert "kan nu niet meer gewijzigd worden" in response.content.decode()
    assert state() == before


# --- a task's page once it is done -----------------------------------------------------


@pytest.fixture
def returned_and_resubmitted(client, plan, coordinator, consultant):
    """The vision submitted with a file, returned with a comment, submitted again."""
    evidence_add_file(item=item_of(plan, "VIS-01"), actor=coordinator,
                      upload=SimpleUploadedFile("visie.pdf", PDF))
    client.force_login(coordinator)
    client.post(execute_url(open_task(plan, StepPlanFlow.vision)),
                checklist_data(vision(plan), status="met", vision_text="Onze visie."))
    review_step(client, plan, "vision", consultant, decision="return",
                comment="Voeg de goedkeuring toe.")
    client.force_login(coordinator)
    client.post(execute_url(open_task(plan, StepPlanFlow.vision)),
                checklist_data(vision(plan), status="met", vision_text="Onze betere visie."))
    client.logout()
    return plan


@pytest.mark.parametrize("who", ["coordinator", "consultant", "auditor"])
def test_a_done_checklist_task_shows_the_step(client, returned_and_resubmitted, who, request):
    plan = returned_and_resubmitted
    done = StepPlanTask.objects.filter(process=plan, flow_task=StepPlanFlow.vision,
                                       status=STATUS.DONE).first()
    client.force_login(request.getfixturevalue(who))
    before = state()

    response = client.get(detail_url(done))

    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Onze betere visie.", "Voldaan", "visie.pdf", hashlib.sha256(PDF).hexdigest(),
                 "Teruggestuurd door", "Voeg de goedkeuring toe.", ">Afgewerkt</span>",
                 "Open de laatste taak: Visie: nazicht"):
        assert text in page, text
    for raw in ("{&#x27;step&#x27;", "Status Nieuw", "Timeout", f"#{done.pk}"):
        assert raw not in page, raw
    assert html_problems(page) == []
    assert state() == before


def test_another_departments_coordinator_gets_404_on_a_done_task(
    client, returned_and_resubmitted, other_coordinator
):
    done = StepPlanTask.objects.filter(process=returned_and_resubmitted,
                                       flow_task=StepPlanFlow.vision, status=STATUS.DONE).first()
    client.force_login(other_coordinator)
    before = state()

    assert client.get(detail_url(done)).status_code == 404
    assert client.post(detail_url(done)).status_code == 404
    assert state() == before


def test_the_review_page_shows_what_changed_since_the_return(
    client, returned_and_resubmitted, consultant
):
    client.force_login(consultant)

    page = client.get(execute_url(open_task(returned_and_resubmitted,
                                            StepPlanFlow.vision_review))).content.decode()

    assert 'id="changes-since-return"' in page
    assert "Onze betere visie." in page and "Voeg de goedkeuring toe." in page
    assert page.index("changes-since-return") < page.index('id="checklist-content"')


def test_the_returned_task_is_marked_in_the_inbox_and_shows_the_comment_first(
    client, plan, coordinator, consultant
):
    client.force_login(coordinator)
    client.post(execute_url(open_task(plan, StepPlanFlow.vision)),
                checklist_data(vision(plan), vision_text="Onze visie."))
    review_step(client, plan, "vision", consultant, decision="return", comment="Meer uitleg.")
    client.force_login(coordinator)

    inbox = client.get(reverse("stepplan:inbox")).content.decode()
    page = client.get(execute_url(open_task(plan, StepPlanFlow.vision))).content.decode()

    row = inbox[inbox.index(">Visie: checklist invullen</a>"):]
    assert row.index("teruggestuurd") < row.index("</tr>")
    assert page.index("Meer uitleg.") < page.index('id="checklist"')


@time_machine.travel(datetime.datetime(2024, 12, 5, 10, tzinfo=datetime.UTC), tick=False)
def test_task_lists_name_the_task_department_and_a_dutch_due_date(client, plan, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("stepplan:inbox")).content.decode()

    assert ">Visie: checklist invullen</a>" in page
    assert plan.department.name in page
    assert "1 december 2024 (te laat)" in page
    assert "2024-12-01" not in page
    assert f"#{plan.pk}/" not in page


@pytest.mark.parametrize("name", ["inbox", "queue", "archive"])
def test_an_empty_list_says_what_to_do(client, db, coordinator, name):
    client.force_login(coordinator)

    page = client.get(reverse(f"stepplan:{name}")).content.decode()

    assert 'class="ui-empty" id="empty-list"' in page


# --- the cancel pages --------------------------------------------------------------------


@pytest.mark.parametrize("who, expected", [
    ("consultant", 200), ("coordinator", 403), ("auditor", 403), ("other_coordinator", 404)])
def test_the_task_cancel_page_says_what_will_happen(client, plan, who, expected, request):
    task = open_task(plan, StepPlanFlow.vision)
    client.force_login(request.getfixturevalue(who))
    before = state()

    response = client.get(action_url(task, "cancel"))

    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert "De taak “Visie: checklist invullen” annuleren?" in page
        assert f"De coördinatoren van {plan.department.name} kunnen deze stap niet meer" in page
        assert "Taak annuleren</span></button>" in page and "Terug" in page
        assert html_problems(page) == []
    assert state() == before


@pytest.mark.parametrize("who, expected", [
    ("consultant", 200), ("coordinator", 403), ("auditor", 403), ("other_coordinator", 404)])
def test_the_plan_cancel_page_says_what_will_happen(client, plan, who, expected, request):
    client.force_login(request.getfixturevalue(who))
    before = state()

    response = client.get(reverse("stepplan:process_cancel", args=[plan.pk]))

    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert "Dit kan niet ongedaan gemaakt worden." in page
        assert "Stappenplan annuleren</span></button>" in page
    assert state() == before


def test_a_cancelled_step_shows_on_the_plan_and_the_round(client, plan, consultant, coordinator):
    client.force_login(consultant)
    client.post(action_url(open_task(plan, StepPlanFlow.onboarding), "cancel"))
    client.force_login(coordinator)

    process_page = client.get(reverse("stepplan:process_detail", args=[plan.pk])).content.decode()
    round_page = client.get(reverse("workflows:round_detail", args=[2024])).content.decode()
    inbox = client.get(reverse("stepplan:inbox")).content.decode()

    row = process_page[process_page.index('id="step-onboarding"'):]
    assert "Geannuleerd" in row[:row.index("</tr>")]
    assert "Onboarding: geannuleerd" in round_page  # the step's title in this framework
    assert ">Onthaal: checklist invullen</a>" not in inbox


# --- queries do not grow with what happened in the plan ----------------------------------


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_plan_and_round_pages_do_not_grow_with_the_year(
    client, plan, coordinator, consultant
):
    from .conftest import complete_year

    pages = [reverse("stepplan:process_detail", args=[plan.pk]),
             reverse("workflows:round_detail", args=[2024])]
    client.force_login(consultant)
    fresh = [_queries(client, url) for url in pages]

    complete_year(client, plan, coordinator, consultant)
    client.force_login(consultant)

    done = [_queries(client, url) for url in pages]
    # a signed-off plan shows one vision version and who signed off: two queries more at most
    assert all(now <= before + 2 for now, before in zip(done, fresh, strict=True)), (fresh, done)
