"""A requirement in a checklist shows "Hoe voldoe je hieraan?" with its articles, and a
coordinator can choose an article as evidence (the link evidence keeps working)."""

import pytest
from django.urls import reverse

import config.urls  # noqa: F401  (mounts the flow in the site, so its URLs reverse)
from beleid import audit_display
from beleid.models import AuditEvent
from kennisdeling import knowledge_services
from kennisdeling.models import Article
from tests.e2e.html_check import html_problems
from tests.kennisdeling.factories import article
from tests.workflows.conftest import checklist_data, execute_url, open_task, start
from workflows.flows import StepPlanFlow
from workflows.models import ChecklistItem, Evidence, PlanStep, StepPlanProcess

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(framework, department, coordinator, consultant, django_capture_on_commit_callbacks):
    start(framework, [department], actor=consultant, capture=django_capture_on_commit_callbacks)
    return StepPlanProcess.objects.get(department=department, year=2024)


def vision(plan):
    return PlanStep.objects.get(process=plan, step__code="vision")


def item_of(plan, code):
    return ChecklistItem.objects.get(plan_step__process=plan, requirement__code=code)


def test_the_checklist_shows_how_to_meet_each_requirement(client, plan, coordinator,
                                                          consultant):
    visie = article(actor=consultant, title="Een visie schrijven", codes=["VIS-01"])
    article(actor=consultant, title="Klad over de visie", codes=["VIS-01"], status="draft")
    client.force_login(coordinator)

    page = client.get(execute_url(open_task(plan, StepPlanFlow.vision))).content.decode()

    howto = page[page.index('id="howto-VIS-01"'):]
    howto = howto[:howto.index("</div>")]
    assert "Hoe voldoe je hieraan?" in howto
    assert reverse("kennisdeling:article_detail", args=[visie.slug]) in howto
    assert "Klad over de visie" not in page
    assert 'id="howto-VIS-02"' not in page
    assert html_problems(page) == []


def test_the_checklist_reads_the_articles_in_a_fixed_number_of_queries(
        client, plan, coordinator, consultant, django_assert_max_num_queries):
    article(actor=consultant, title="Artikel 0", codes=["VIS-01"])
    client.force_login(coordinator)
    url = execute_url(open_task(plan, StepPlanFlow.vision))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 12):
        article(actor=consultant, title=f"Artikel {n}", codes=["VIS-01", "VIS-02"])

    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_a_coordinator_chooses_an_article_as_evidence(client, plan, coordinator, consultant):
    visie = article(actor=consultant, title="Een visie schrijven", codes=["VIS-01"])
    one, two = item_of(plan, "VIS-01"), item_of(plan, "VIS-02")
    data = checklist_data(vision(plan), status="in_progress", action="save")
    data[f"item-{one.pk}-article"] = str(visie.pk)
    data[f"item-{two.pk}-link_url"] = "https://intranet.gent.be/kennis/7"
    data[f"item-{two.pk}-link_title"] = "Sjabloon"
    client.force_login(coordinator)

    response = client.post(execute_url(open_task(plan, StepPlanFlow.vision)), data)

    assert response.status_code == 302
    assert sorted(Evidence.objects.values_list(
        "item__requirement__code", "kind", "article", "link_url", "link_title")) == [
        ("VIS-01", "link", visie.pk, "", "Een visie schrijven"),
        ("VIS-02", "link", None, "https://intranet.gent.be/kennis/7", "Sjabloon"),
    ]
    page = client.get(response["Location"]).content.decode()
    assert (f'<a href="{reverse("kennisdeling:article_detail", args=[visie.slug])}">'
            "Een visie schrijven</a>") in page
    event = AuditEvent.objects.get(event_type="EVIDENCE_ADDED", after__article=visie.pk)
    row = audit_display.rows([event], coordinator)[0]
    assert "artikel van de kennisbank: Een visie schrijven" in row.changes_text


def test_an_unpublished_article_cannot_be_chosen(client, plan, coordinator, consultant):
    draft = article(actor=consultant, title="Klad", status=Article.Status.DRAFT)
    one = item_of(plan, "VIS-01")
    data = checklist_data(vision(plan), status="in_progress", action="save")
    data[f"item-{one.pk}-article"] = str(draft.pk)
    client.force_login(coordinator)
    before = AuditEvent.objects.count()

    response = client.post(execute_url(open_task(plan, StepPlanFlow.vision)), data)

    assert response.status_code == 200  # refused beside the field: not one of the choices
    assert not Evidence.objects.exists()
    assert AuditEvent.objects.count() == before


def test_archived_article_evidence_keeps_its_title_without_a_link(client, plan, coordinator,
                                                                 consultant):
    from workflows.services.checklists import evidence_add_article
    visie = article(actor=consultant, title="Een visie schrijven")
    evidence_add_article(item=item_of(plan, "VIS-01"), actor=coordinator, article_id=visie.pk)
    knowledge_services.article_archive(actor=consultant, article=visie)
    client.force_login(coordinator)

    page = client.get(execute_url(open_task(plan, StepPlanFlow.vision))).content.decode()

    assert "Een visie schrijven <span class=\"ui-badge\">gearchiveerd</span>" in page
    assert reverse("kennisdeling:article_detail", args=[visie.slug]) not in page
