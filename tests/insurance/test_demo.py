import random

from beleid.models import AuditEvent
from insurance import selectors
from insurance.demo import seed_volunteers
from insurance.models import (
    Benefit,
    BenefitDeclaration,
    Engagement,
    InformationNote,
    InsuranceCoverage,
    Person,
    Volunteer,
)
from tests import factories


def counts():
    return tuple(model.objects.count() for model in (
        Person, Volunteer, Engagement, InsuranceCoverage, InformationNote, BenefitDeclaration))


def test_seed_volunteers_is_realistic_and_idempotent(db, frozen_today):
    # given
    departments = [factories.DepartmentFactory() for _ in range(8)]
    # when
    first = seed_volunteers(departments=departments, count=400, rng=random.Random(7))
    after_first = counts(), AuditEvent.objects.count()
    second = seed_volunteers(departments=departments, count=400, rng=random.Random(7))
    # then a second call changes nothing
    assert (first, second) == (400, 400)
    assert (counts(), AuditEvent.objects.count()) == after_first
    persons, volunteers, engagements, _covers, notes, declarations = after_first[0]
    assert persons == 400
    # about 5% in two departments: each its own record of the person
    assert 400 < volunteers == engagements < 440
    assert notes > 300 and declarations > 20
    assert Volunteer.objects.exclude(benefit=Benefit.NONE).count() > 50
    # every department has volunteers, and everyone active is covered
    gaps = selectors.register_gaps_many(departments=departments)
    assert all(g.active > 0 for g in gaps.values())
    assert sum(g.without_cover for g in gaps.values()) == 0


def test_the_demo_is_insured_by_the_rule_of_the_register(db, frozen_today):
    # when
    seed_volunteers(departments=[factories.DepartmentFactory() for _ in range(5)], count=300,
                    rng=random.Random(3))
    # then every volunteer still engaged has one open period, from their first day
    periods: dict[int, list] = {}
    for person_id, start, end in InsuranceCoverage.objects.values_list(
            "person_id", "insured_from", "insured_to"):
        periods.setdefault(person_id, []).append((start, end))
    for engagement in Engagement.objects.select_related("volunteer"):
        assert engagement.department_id == engagement.volunteer.department_id
        held = periods[engagement.volunteer.person_id]
        assert any(start <= engagement.start_date
                   and (end is None or end >= engagement.start_date)
                   for start, end in held), engagement
        if engagement.end_date is None:
            open_periods = [start for start, end in held if end is None]
            assert len(open_periods) == 1 and open_periods[0] <= engagement.start_date
    assert InsuranceCoverage.objects.filter(insured_to__isnull=True).count() == len(set(
        Engagement.objects.filter(end_date__isnull=True).values_list(
            "volunteer__person_id", flat=True)))
    # and each cover period was written with its audit event, as the import writes it
    assert AuditEvent.objects.filter(event_type="VOLUNTEER_INSURED").count() == (
        InsuranceCoverage.objects.count())


def test_seeding_more_adds_only_the_missing_ones(db, frozen_today):
    departments = [factories.DepartmentFactory() for _ in range(3)]
    seed_volunteers(departments=departments, count=50, rng=random.Random(1))
    assert seed_volunteers(departments=departments, count=80, rng=random.Random(1)) == 80
    assert Person.objects.count() == 80
