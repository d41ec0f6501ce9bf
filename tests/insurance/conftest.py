import datetime

import pytest
import time_machine

from insurance import services

TODAY = datetime.date(2025, 3, 14)  # a Friday


@pytest.fixture
def frozen_today():
    moment = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        yield TODAY


@pytest.fixture
def register(frozen_today, department, coordinator):
    """A helper that registers and engages one volunteer through the services."""

    def make(first_name="Lies", last_name="Van Acker", born=datetime.date(1990, 5, 17),
             start=datetime.date(2025, 3, 1), target=None, **extra):
        volunteer = services.volunteer_register(
            actor=coordinator, department=target or department, first_name=first_name,
            last_name=last_name, date_of_birth=born, **extra,
        )
        engagement = services.engagement_start(
            actor=coordinator, volunteer=volunteer, start_date=start,
        )
        return volunteer, engagement

    return make


def also_in(volunteer, department, *, actor=None, **extra):
    """The same person registered by another department: that department's own record."""
    names = {"first_name": volunteer.first_name, "last_name": volunteer.last_name, **extra}
    return services.volunteer_register(
        actor=actor, department=department, date_of_birth=volunteer.date_of_birth, **names)


@pytest.fixture(autouse=True)
def english():
    """Messages and file headers are asserted in English (the msgids); page tests that read
    Dutch switch back themselves."""
    from django.utils import translation

    with translation.override("en"):
        yield
