"""The demo training offer: some departments meet the training step, some do not (one
because its basic training lapsed); the spring-2024 sessions; upcoming ones with a waiting
list; seeded once."""

import datetime

import pytest
import time_machine

from beleid.demo import seed_city
from kennisdeling.demo import seed_training
from kennisdeling.models import Registration, TrainingSession
from kennisdeling.training_selectors import training_valid_until

TODAY = datetime.date(2025, 3, 14)


@pytest.mark.django_db
def test_the_demo_offer():
    with time_machine.travel(datetime.datetime(2025, 3, 14, 10, tzinfo=datetime.UTC), tick=False):
        city = seed_city(departments=44)
        created = seed_training(departments=city.departments)
        assert seed_training(departments=city.departments) == 0
    ids = [d.pk for d in city.departments]
    lapsed = training_valid_until(department_ids=ids, months=36, today=TODAY)
    valid = {pk for pk, training in lapsed.items() if training.is_valid(TODAY)}
    assert created == TrainingSession.objects.count() == 11
    assert 10 < len(valid) < 30  # some meet the training step, some do not
    assert any(not training.is_valid(TODAY) for training in lapsed.values())
    titles = set(TrainingSession.objects.values_list("title", flat=True))
    assert {
        "Omgaan met seksueel grensoverschrijdend gedrag - het Sensoa vlaggensysteem",
        "Het veranderende vrijwilligerslandschap",
        "EHBO - de basis",
        "Jouw rechten en plichten als vrijwilliger",
    } <= titles
    upcoming = TrainingSession.objects.get(is_basic_training=True, starts_at__date__gt=TODAY)
    statuses = list(upcoming.registrations.values_list("status", flat=True))
    assert (statuses.count("registered"), statuses.count("waiting")) == (4, 2)
    assert Registration.objects.filter(attendance="present").exists()
