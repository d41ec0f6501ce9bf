"""The department list needs as many queries for 2 departments as for 12 (issue 8: every list
page has a query-count test with 2 and with 10+ rows). The audit trail's is in
test_audit_trail.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories


def department_list(client, user) -> tuple[int, int]:
    """(departments shown, queries) of the department list as `user`."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("beleid:department_list"))
    assert response.status_code == 200
    return len(response.context["departments"]), len(queries)


@pytest.mark.django_db
def test_the_department_list_of_the_office_needs_the_same_queries_for_2_and_12(client):
    consultant = factories.consultant(username="consultant")
    for _ in range(2):
        factories.coordinator_of(factories.DepartmentFactory())
    few = department_list(client, consultant)
    for _ in range(10):
        department = factories.DepartmentFactory()
        factories.coordinator_of(department)
        factories.coordinator_of(department)

    many = department_list(client, consultant)

    assert (few[0], many[0]) == (2, 12)
    assert few[1] == many[1] <= 6  # one fewer on PostgreSQL


@pytest.mark.django_db
def test_the_department_list_of_a_coordinator_needs_the_same_queries_for_2_and_12(client):
    departments = [factories.DepartmentFactory() for _ in range(12)]
    few_user = factories.coordinator_of(*departments[:2], username="two")
    many_user = factories.coordinator_of(*departments, username="twelve")

    few = department_list(client, few_user)
    many = department_list(client, many_user)

    assert (few[0], many[0]) == (2, 12)
    assert few[1] == many[1] <= 8  # one fewer on PostgreSQL
