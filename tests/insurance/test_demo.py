import random

from insurance import selectors
from insurance.demo import seed_volunteers
from insurance.models import (
    Benefit,
    BenefitDeclaration,
    Engagement,
    InformationNote,
    InsuranceCoverage,
    Volunteer,
)
from tests import factories


def counts():
    return tuple(model.objects.count() for model in (
        Volunteer, Engagement, InsuranceCoverage, InformationNote, BenefitDeclaration))


def test_seed_volunteers_is_realistic_and_idempotent(db, frozen_today):
    # given
    departments = [factories.DepartmentFactory() for _ in range(8)]
    # when
    first = seed_volunteers(departments=departments, count=400, rng=random.Random(7))
    after_first = counts()
    second = seed_volunteers(departments=departments, count=400, rng=random.Random(7))
    # then
    assert (first, second) == (400, 400)
    assert counts() == after_first
    volunteers, engagements, covers, notes, declarations = after_first
    assert volunteers == 400 == covers  # everyone insured once
    assert 400 < engagements < 440  # about 5% in two departments
    assert notes > 300 and declarations > 20
    assert Volunteer.objects.exclude(benefit=Benefit.NONE).count() > 50
    # every department has volunteers, and everyone active is covered
    signals = selectors.department_signals_bulk(departments=departments)
    assert all(s.active > 0 for s in signals.values())
    assert sum(s.without_cover for s in signals.values()) == 0


def test_seeding_more_adds_only_the_missing_ones(db, frozen_today):
    departments = [factories.DepartmentFactory() for _ in range(3)]
    seed_volunteers(departments=departments, count=50, rng=random.Random(1))
    assert seed_volunteers(departments=departments, count=80, rng=random.Random(1)) == 80
    assert Volunteer.objects.count() == 80
