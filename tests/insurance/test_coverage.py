"""The insured-once rule, the one writer of the accident cover: for one engagement and for a
batch, through the services of the pages, the import and the demo, every change audited."""

import ast
import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beleid.models import AuditEvent
from insurance import services
from insurance.models import Engagement, InsuranceCoverage, Volunteer

from .conftest import also_in
from .test_reimport import results, run_import

D = datetime.date


def covers(volunteer):
    """The cover of the person behind a department's volunteer."""
    return list(InsuranceCoverage.objects.filter(person=volunteer.person_id)
                .order_by("insured_from").values_list("insured_from", "insured_to"))


def insured_events():
    return list(AuditEvent.objects.filter(event_type="VOLUNTEER_INSURED").order_by("id")
                .values_list("department_id", "before", "after"))


def engage(volunteer, department, start, end=None, *, status=Engagement.Status.ACTIVE):
    """An engagement as a bulk writer saves it (the rule is then asked for its cover), on
    `department`'s own record of the person."""
    if volunteer.department_id != department.pk:
        volunteer = also_in(volunteer, department)
    return Engagement.objects.create(volunteer=volunteer, department=department,
                                     start_date=start, end_date=end, status=status)


# --- the rule ---------------------------------------------------------------------------------


def test_a_later_engagement_that_starts_earlier_moves_the_start_earlier_and_says_so(
    register, department, other_department, coordinator
):
    # given Lies, insured since 1 March through the library
    volunteer, _engagement = register(start=D(2025, 3, 1))
    # when the museums register her from 6 January
    museum = also_in(volunteer, other_department, actor=coordinator)
    services.engagement_start(actor=coordinator, volunteer=museum, start_date=D(2025, 1, 6))
    # then one open period, from the earliest day, and the museums' trail says what their
    # engagement brought (not the library's 1 March)
    assert covers(volunteer) == [(D(2025, 1, 6), None)]
    person = volunteer.person_id
    assert insured_events() == [
        (department.pk, None, {"volunteer_id": volunteer.pk, "person_id": person,
                               "insured_from": "2025-03-01", "policy": "LO-VRIJWILLIGERS-GENT"}),
        (other_department.pk, None,
         {"volunteer_id": museum.pk, "person_id": person, "insured_from": "2025-01-06"}),
    ]


def test_a_later_start_elsewhere_keeps_the_cover_as_it_is(register, other_department,
                                                          coordinator):
    volunteer, _engagement = register(start=D(2025, 1, 6))
    museum = also_in(volunteer, other_department, actor=coordinator)
    events = AuditEvent.objects.count()
    services.engagement_start(actor=coordinator, volunteer=museum, start_date=D(2025, 3, 1))
    assert covers(volunteer) == [(D(2025, 1, 6), None)]
    assert AuditEvent.objects.count() == events + 1  # ENGAGEMENT_STARTED only


def test_a_batch_insures_each_person_once_from_their_first_day(register, department,
                                                               other_department):
    # given two people with two engagements each, saved as the import saves them
    lies, _engagement = register(start=D(2025, 3, 1))
    mo = services.volunteer_register(actor=None, department=department, first_name="Mo",
                                     last_name="Benali", date_of_birth=D(1988, 11, 3))
    batch = [engage(lies, other_department, D(2025, 2, 1)),
             engage(mo, department, D(2025, 2, 10)),
             engage(mo, other_department, D(2025, 1, 20))]
    # when
    changes = services.coverage_register_many(actor=None, engagements=batch, source="import")
    # then
    assert (len(changes.opened), len(changes.moved), changes.recorded) == (1, 1, [])
    assert covers(lies) == [(D(2025, 2, 1), None)]
    assert covers(mo) == [(D(2025, 1, 20), None)]
    assert insured_events()[-2:] == [
        (other_department.pk, None, {"volunteer_id": batch[2].volunteer_id,
                                     "person_id": mo.person_id, "insured_from": "2025-01-20",
                                     "policy": "LO-VRIJWILLIGERS-GENT", "source": "import"}),
        (other_department.pk, None,
         {"volunteer_id": batch[0].volunteer_id, "person_id": lies.person_id,
          "insured_from": "2025-02-01", "source": "import"}),
    ]
    # and asking again changes nothing, writes nothing
    events = AuditEvent.objects.count()
    again = services.coverage_register_many(actor=None, engagements=batch)
    assert (again.opened, again.moved, again.recorded) == ([], [], [])
    assert AuditEvent.objects.count() == events
    assert InsuranceCoverage.objects.count() == 2


def test_an_ended_engagement_gets_a_closed_period_once(department, other_department):
    # given a person whose only engagement ended before it was registered
    volunteer = services.volunteer_register(actor=None, department=department,
                                            first_name="Ann", last_name="Peeters",
                                            date_of_birth=D(1961, 1, 2))
    ended = engage(volunteer, department, D(2024, 9, 1), D(2024, 12, 31))
    # when
    services.coverage_register_many(actor=None, engagements=[ended])
    # then a closed period; another ended engagement inside it adds nothing
    assert covers(volunteer) == [(D(2024, 9, 1), D(2024, 12, 31))]
    inside = engage(volunteer, other_department, D(2024, 10, 1), D(2024, 11, 30))
    changes = services.coverage_register_many(actor=None, engagements=[inside])
    assert changes.recorded == []
    assert covers(volunteer) == [(D(2024, 9, 1), D(2024, 12, 31))]


def test_an_ended_engagement_that_reaches_the_open_period_moves_its_start(
    register, other_department
):
    # given Lies, insured since 1 March; she was active in the museums until that day
    volunteer, _engagement = register(start=D(2025, 3, 1))
    before = engage(volunteer, other_department, D(2024, 6, 1), D(2025, 2, 28))
    # when
    services.coverage_register_many(actor=None, engagements=[before])
    # then one period: the activity never stopped
    assert covers(volunteer) == [(D(2024, 6, 1), None)]


def test_the_batch_costs_the_same_queries_for_two_or_twenty_people(department):
    def queries_for(count, first_name):
        engagements = []
        for n in range(count):
            volunteer = services.volunteer_register(
                actor=None, department=department, first_name=f"{first_name}{n}",
                last_name="Peeters", date_of_birth=D(1980, 1, 1))
            engagements.append(engage(volunteer, department, D(2025, 1, 6)))
        with CaptureQueriesContext(connection) as context:
            changes = services.coverage_register_many(actor=None, engagements=engagements)
        assert len(changes.opened) == count
        return len(context.captured_queries)

    assert queries_for(2, "Twee") == queries_for(20, "Twintig")


def test_ending_one_engagement_keeps_the_cover_while_another_is_active(
    register, other_department, coordinator
):
    volunteer, first = register(start=D(2025, 1, 6))
    register(target=other_department, start=D(2025, 2, 1))
    services.engagement_end(actor=coordinator, engagement=first, end_date=D(2025, 3, 10))
    assert covers(volunteer) == [(D(2025, 1, 6), None)]


# --- the import goes through the rule ----------------------------------------------------------


def test_the_import_moves_a_start_earlier_with_an_audit_event(
    register, department, other_department
):
    # given Lies, insured since 1 March through the library
    volunteer, _engagement = register(start=D(2025, 3, 1))
    # when the museums' list has her since 6 January
    report = run_import([["Lies", "Van Acker", "17/05/1990", "06/01/2025", "", ""]],
                        other_department)
    # then the line says she is new there, already on the city's insurance
    assert results(report) == [(2, "new_here", "")]
    assert covers(volunteer) == [(D(2025, 1, 6), None)]
    museum = Volunteer.objects.get(department=other_department)
    assert insured_events()[-1] == (
        other_department.pk, None,
        {"volunteer_id": museum.pk, "person_id": volunteer.person_id,
         "insured_from": "2025-01-06", "source": "import"})


def test_the_import_insures_a_new_volunteer_with_an_audit_event(frozen_today, department):
    run_import([["Mo", "Benali", "03/11/1988", "01/02/2025", "", ""]], department)
    cover = InsuranceCoverage.objects.get()
    event = AuditEvent.objects.get(event_type="VOLUNTEER_INSURED")
    assert (event.department, event.object_id, event.before, event.after) == (
        department, str(cover.pk), None,
        {"volunteer_id": Volunteer.objects.get().pk, "person_id": cover.person_id,
         "insured_from": "2025-02-01", "policy": "LO-VRIJWILLIGERS-GENT", "source": "import"})


def test_an_engaged_person_without_cover_is_insured_by_the_next_import(register, department):
    # given Lies, engaged, whose cover an old import never wrote
    volunteer, _engagement = register(start=D(2025, 3, 1))
    InsuranceCoverage.objects.filter(person=volunteer.person_id).delete()
    # when the department's list is imported again
    report = run_import([["Lies", "Van Acker", "17/05/1990", "01/03/2025", "", ""]], department)
    # then she is insured, the line says so, and so does the trail
    assert [(row.line, row.status) for row in report.rows] == [(2, "insured")]
    assert report.counts["insured"] == 1
    assert covers(volunteer) == [(D(2025, 3, 1), None)]
    assert insured_events()[-1] == (department.pk, None, {
        "volunteer_id": volunteer.pk, "person_id": volunteer.person_id,
        "insured_from": "2025-03-01", "policy": "LO-VRIJWILLIGERS-GENT", "source": "import"})
    # and the same list once more changes nothing
    again = run_import([["Lies", "Van Acker", "17/05/1990", "01/03/2025", "", ""]], department)
    assert [(row.line, row.status) for row in again.rows] == [(2, "unchanged")]
    assert InsuranceCoverage.objects.count() == 1


def test_an_onboarding_engagement_in_the_list_is_left_to_the_onboarding(
    frozen_today, department, coordinator
):
    # given an intake: engaged, not active yet, so not insured yet
    volunteer = services.volunteer_register(actor=coordinator, department=department,
                                            first_name="Tom", last_name="Claes",
                                            date_of_birth=D(1970, 1, 2))
    services.engagement_start(actor=coordinator, volunteer=volunteer, start_date=D(2025, 3, 20),
                              onboarding=True)
    # when the list has him
    report = run_import([["Tom", "Claes", "02/01/1970", "20/03/2025", "", ""]], department)
    # then the onboarding insures him when it activates the engagement, not the import
    assert [(row.line, row.status) for row in report.rows] == [(2, "unchanged")]
    assert InsuranceCoverage.objects.count() == 0


def test_the_preview_of_a_file_insures_nobody(register, department):
    volunteer, _engagement = register(start=D(2025, 3, 1))
    InsuranceCoverage.objects.filter(person=volunteer.person_id).delete()
    events = AuditEvent.objects.count()
    report = run_import([["Lies", "Van Acker", "17/05/1990", "01/03/2025", "", ""]], department,
                        dry_run=True)
    assert report.counts["insured"] == 1
    assert InsuranceCoverage.objects.count() == 0
    assert AuditEvent.objects.count() == events


# --- one writer -------------------------------------------------------------------------------


def test_only_the_rule_writes_cover():
    """No module of the register but `services/coverage.py` creates, updates or deletes
    cover periods."""
    writes = {"create", "bulk_create", "update", "bulk_update", "delete", "save",
              "get_or_create", "update_or_create"}
    root = Path(settings.BASE_DIR) / "insurance"
    offenders = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or path == root / "services" / "coverage.py":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "InsuranceCoverage":
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
            if (isinstance(node, ast.Attribute) and node.attr in writes
                    and "InsuranceCoverage" in ast.unparse(node.value)):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []

