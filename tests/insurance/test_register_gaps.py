import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from insurance import selectors, services
from insurance.models import Benefit, BenefitDeclaration, InformationNote
from tests import factories


def test_the_gaps_count_each_kind_of_gap_of_active_volunteers(register, coordinator, department):
    # given: informed in time, with cover
    _ok, ok = register(first_name="Goed", start=datetime.date(2025, 3, 1))
    services.information_note_record(actor=coordinator, engagement=ok,
                                     given_on=datetime.date(2025, 2, 28),
                                     method=InformationNote.Method.PAPER)
    # informed too late
    _late, late = register(first_name="Laat", start=datetime.date(2025, 3, 1))
    services.information_note_record(actor=coordinator, engagement=late,
                                     given_on=datetime.date(2025, 3, 3),
                                     method=InformationNote.Method.EMAIL)
    # duty to report without declaration
    benefit, _ = register(first_name="Uitkering", start=datetime.date(2025, 3, 1))
    services.volunteer_check_duty_to_report(actor=coordinator, volunteer=benefit,
                                            benefit=Benefit.INCAPACITY)
    # an active engagement whose cover was removed by hand (e.g. an import error)
    _bare, bare = register(first_name="Onverzekerd", start=datetime.date(2025, 3, 1))
    bare.volunteer.person.coverages.all().delete()
    # ended engagements do not count
    _gone, gone = register(first_name="Weg", start=datetime.date(2024, 1, 1))
    services.engagement_end(actor=coordinator, engagement=gone,
                            end_date=datetime.date(2025, 1, 1))
    # when
    gaps = selectors.register_gaps(department=department)
    # then
    assert (gaps.active, gaps.without_cover, gaps.without_information_note,
            gaps.without_declaration, gaps.c45b_warnings) == (4, 1, 3, 1, [])
    assert gaps.is_clear is False


def test_c45b_warns_when_started_before_filing_or_inside_the_window(register, coordinator,
                                                                    department):
    # given: filed Mon 3 March 2025, window closes 19 March; started 1 March (before filing)
    _a, before = register(first_name="Voor", start=datetime.date(2025, 3, 1))
    services.declaration_record(actor=coordinator, engagement=before,
                                kind=BenefitDeclaration.Kind.C45B,
                                filed_on=datetime.date(2025, 3, 3))
    # filed 3 March, started 10 March without answer: inside the window
    _b, inside = register(first_name="Binnen", start=datetime.date(2025, 3, 10))
    services.declaration_record(actor=coordinator, engagement=inside,
                                kind=BenefitDeclaration.Kind.C45B,
                                filed_on=datetime.date(2025, 3, 3))
    # filed 3 March, started 10 March but answered: no warning
    _c, answered = register(first_name="Antwoord", start=datetime.date(2025, 3, 10))
    services.declaration_record(actor=coordinator, engagement=answered,
                                kind=BenefitDeclaration.Kind.C45B,
                                filed_on=datetime.date(2025, 3, 3),
                                answer=BenefitDeclaration.Answer.ACCEPTED,
                                answered_on=datetime.date(2025, 3, 7))
    # when
    warnings = selectors.register_gaps(department=department).c45b_warnings
    # then
    assert sorted((w.engagement_id, w.reason, w.window_ends_on) for w in warnings) == [
        (before.pk, "started_before_filing", datetime.date(2025, 3, 19)),
        (inside.pk, "started_within_window", datetime.date(2025, 3, 19)),
    ]


def test_c45b_window_skips_the_configured_public_holidays(db):
    # Easter Monday 21 April and 1 May 2025 are seeded holidays
    assert selectors.c45b_window_end(filed_on=datetime.date(2025, 4, 18)) == (
        datetime.date(2025, 5, 8))


def test_the_gaps_of_many_departments_cost_a_constant_number_of_queries(register, department):
    # given
    departments = [department, *(factories.DepartmentFactory() for _ in range(6))]
    for index, target in enumerate(departments):
        register(first_name=f"V{index}", target=target)

    def count(targets):
        with CaptureQueriesContext(connection) as context:
            result = selectors.register_gaps_many(departments=targets)
        return len(context.captured_queries), result

    # when
    few, _ = count(departments[:2])
    many, result = count(departments)
    # then
    assert few == many == 3
    assert [result[d.pk].active for d in departments] == [1] * 7
