"""The overview and its exports render in a fixed number of queries whatever the number of
departments: measured with 5 and with 50 departments in the round, equal counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.workflows.conftest import review_step, submit_step

from .conftest import THIS_YEAR, due_dates, plan, start_round

# The page: session, user, roles; rounds, steps, clusters, reviewers; the filtered plans, the
# totals per step, the register, the training period and attendance; the cells of the page;
# the progress over the rounds; the latest audit event (the register's figures, counted by the
# warm-up request, are kept until the next one: beleid/figures_cache.py).
PAGE_QUERIES = 14
# The exports: session, user, roles; rounds, steps, clusters, reviewers; the filtered plans;
# the cells of every row.
EXPORT_QUERIES = 9


def city_of(size, framework, client, capture, consultant):
    """A round for `size` departments (half of them OCMW), the first department's vision
    approved and a volunteer in every department."""
    departments = [
        factories.DepartmentFactory(
            name=f"Dienst {n:03d}", slug=f"dienst-{n:03d}",
            organisation="ocmw" if n % 2 else "stad", cluster=f"Cluster {n % 3}")
        for n in range(size)
    ]
    coordinator = factories.coordinator_of(*departments, username=f"co-{size}")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    start_round(framework, departments, year=THIS_YEAR, actor=consultant, capture=capture,
                dues=due_dates(vision=yesterday, rest=yesterday + datetime.timedelta(days=90)))
    first = plan(departments[0])
    submit_step(client, first, "vision", coordinator, vision_text="Visie")
    review_step(client, first, "vision", consultant)
    for n, department in enumerate(departments):
        factories.active_volunteer(department, actor=coordinator, first_name=f"V{n}")
    return departments


def count(client, url, query=None) -> int:
    client.get(url, query or {})  # warm the caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.fixture
def consultant_user(db):
    return factories.consultant(username="sofie")


QUERIES = [{}, {"organisation": "ocmw", "overdue": "on", "status": "open", "step": "vision",
                "sort": "most_overdue"}]


@pytest.mark.parametrize("query", QUERIES)
def test_the_page_and_exports_cost_the_same_for_5_and_50_departments(
    client, framework, consultant_user, django_capture_on_commit_callbacks, query
):
    departments = city_of(5, framework, client, django_capture_on_commit_callbacks,
                          consultant_user)
    client.force_login(consultant_user)
    urls = {
        "page": reverse("overview:office"),
        "xlsx": reverse("overview:office_xlsx"),
        "csv": reverse("overview:office_csv"),
    }
    small = {name: count(client, url, query) for name, url in urls.items()}

    more = [factories.DepartmentFactory(name=f"Extra {n:03d}", slug=f"extra-{n:03d}",
                                        organisation="ocmw" if n % 2 else "stad")
            for n in range(45)]
    start_round(framework, more, year=THIS_YEAR, actor=consultant_user,
                capture=django_capture_on_commit_callbacks,
                dues=due_dates(vision=timezone.localdate() - datetime.timedelta(days=1),
                               rest=timezone.localdate()))
    for n, department in enumerate(more):
        factories.active_volunteer(department, actor=consultant_user, first_name=f"W{n}")
    client.force_login(consultant_user)
    large = {name: count(client, url, query) for name, url in urls.items()}

    assert large == small
    assert small == {"page": PAGE_QUERIES, "xlsx": EXPORT_QUERIES, "csv": EXPORT_QUERIES}
    assert len(departments) + len(more) == 50


def test_the_drill_down_costs_the_same_for_any_department(
    client, framework, consultant_user, django_capture_on_commit_callbacks
):
    departments = city_of(3, framework, client, django_capture_on_commit_callbacks,
                          consultant_user)
    client.force_login(consultant_user)
    counts = {count(client, reverse("overview:office_cell", args=[THIS_YEAR, d.slug]))
              for d in departments}
    assert len(counts) == 1
