"""Two coordinators register for the last seat at the same moment: one gets the seat, the
other goes on the waiting list (the seat is decided under a row lock on the session)."""

import threading

import pytest
from django.db import connection

from kennisdeling.models import Registration
from kennisdeling.training_services import registration_create
from tests import factories

from .conftest import make_session


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_seat_give_one_seat_and_one_waiting(consultant):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks between two real connections")
    # given a session with one seat and two coordinators of two departments
    session = make_session(consultant, capacity=1)
    departments = [factories.DepartmentFactory() for _ in range(2)]
    coordinators = [factories.coordinator_of(department) for department in departments]

    # when both register at the same moment, each on its own database connection
    barrier = threading.Barrier(2)
    errors = []

    def register(coordinator, department):
        try:
            barrier.wait()
            registration_create(
                actor=coordinator, session=session, department=department, user=coordinator
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=register, args=pair)
        for pair in zip(coordinators, departments, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then one has the seat and the other waits
    assert errors == []
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "registered",
        "waiting",
    ]
