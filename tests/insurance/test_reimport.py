"""Re-importing an updated list: the same person in the same department is the same
engagement; an end date ends it; another start date for an open engagement is an error."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.formats import date_format

from beleid.models import AuditEvent
from insurance import services
from insurance.models import Engagement, InsuranceCoverage, Volunteer
from insurance.volunteer_import import row_writer
from insurance.volunteer_import.file_reader import read_register_file
from insurance.volunteer_import.row_writer import volunteers_import

from .test_import import ENGLISH_HEADER, csv_bytes, table_counts

D = datetime.date


def day(year, month, day):
    """A date as the import's reasons write it (the active language's long date)."""
    return date_format(D(year, month, day), "DATE_FORMAT")


def run_import(rows, department, *, dry_run=False, header=ENGLISH_HEADER):
    return volunteers_import(actor=None, department=department,
                             rows=read_register_file(csv_bytes(header, rows)), dry_run=dry_run)


def results(report):
    return [(row.line, row.status, row.reason) for row in report.rows]


def event_types():
    return list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True))


def test_an_end_date_in_a_later_file_ends_the_open_engagement_and_its_cover(
    register, department
):
    # given Lies, engaged and insured since 1 March
    volunteer, engagement = register(start=D(2025, 3, 1))
    before = event_types()
    # when the next list gives her last day
    report = run_import([["Lies", "Van Acker", "17/05/1990", "01/03/2025", "10/03/2025", ""]],
                        department)
    # then
    assert results(report) == [(2, "ended", "")]
    assert report.counts == {"new": 0, "new_here": 0, "engaged": 0, "ended": 1, "insured": 0,
                             "unchanged": 0, "error": 0}
    engagement.refresh_from_db()
    assert engagement.end_date == D(2025, 3, 10)
    cover = InsuranceCoverage.objects.get(person=volunteer.person_id)
    assert (cover.insured_from, cover.insured_to, cover.deregistered_on) == (
        D(2025, 3, 1), D(2025, 3, 10), D(2025, 3, 14))
    assert event_types()[len(before):] == [
        "ENGAGEMENT_ENDED", "VOLUNTEER_DEREGISTERED", "VOLUNTEERS_IMPORTED"]
    ended = AuditEvent.objects.get(event_type="ENGAGEMENT_ENDED")
    assert (ended.department, ended.object_id, ended.before, ended.after) == (
        department, str(engagement.pk), {"end_date": None}, {"end_date": "2025-03-10"})
    assert (Volunteer.objects.count(), Engagement.objects.count()) == (1, 1)


def test_the_cover_goes_on_while_the_person_is_active_in_another_department(
    register, department, other_department
):
    # given Lies, active in two departments
    volunteer, _engagement = register(start=D(2025, 1, 6))
    register(target=other_department, start=D(2025, 2, 1))
    # when one department's list ends her engagement there
    report = run_import([["Lies", "Van Acker", "17/05/1990", "06/01/2025", "28/02/2025", ""]],
                        department)
    # then she stays insured (once)
    assert results(report) == [(2, "ended", "")]
    cover = InsuranceCoverage.objects.get(person=volunteer.person_id)
    assert (cover.insured_from, cover.insured_to, cover.deregistered_on) == (
        D(2025, 1, 6), None, None)
    assert "VOLUNTEER_DEREGISTERED" not in event_types()


def test_another_start_date_for_an_open_engagement_is_that_rows_error(register, department):
    # given Lies, engaged since 1 March
    _volunteer, engagement = register(start=D(2025, 3, 1))
    before = table_counts()
    # when the list gives her another start date (and a good row for someone else)
    report = run_import([
        ["Mo", "Benali", "03/11/1988", "01/02/2025", "", ""],
        ["Lies", "Van Acker", "17/05/1990", "10/03/2025", "", ""],
    ], department)
    # then that row is reported, and no second engagement is made
    assert results(report) == [
        (2, "new", ""),
        (3, "error", f"already engaged in this department since {day(2025, 3, 1)}; a different "
                     "start date does not start a second engagement (end the open one first)"),
    ]
    assert Engagement.objects.filter(volunteer__last_name="Van Acker").count() == 1
    engagement.refresh_from_db()
    assert (engagement.start_date, engagement.end_date) == (D(2025, 3, 1), None)
    assert table_counts()[:3] == (before[0] + 1, before[1] + 1, before[2] + 1)


def test_another_start_date_with_an_end_date_for_an_open_engagement_is_an_error(
    register, department
):
    _volunteer, engagement = register(start=D(2025, 1, 6))
    before = table_counts()
    report = run_import([["Lies", "Van Acker", "17/05/1990", "01/02/2025", "10/03/2025", ""]],
                        department)
    assert report.counts == {"new": 0, "new_here": 0, "engaged": 0, "ended": 0, "insured": 0,
                             "unchanged": 0, "error": 1}
    assert report.errors[0].line == 2
    engagement.refresh_from_db()
    assert engagement.end_date is None
    assert table_counts()[:3] == before[:3]
    assert InsuranceCoverage.objects.get().insured_to is None


def test_a_later_start_after_the_engagement_ended_starts_a_new_engagement(
    register, coordinator, department
):
    # given Lies, whose engagement ended on 31 January
    volunteer, first = register(start=D(2024, 9, 1))
    services.engagement_end(actor=coordinator, engagement=first, end_date=D(2025, 1, 31))
    # when she comes back on 1 March
    report = run_import([["Lies", "Van Acker", "17/05/1990", "01/03/2025", "", ""]], department)
    # then a second engagement, insured again from its start
    assert results(report) == [(2, "engaged", "")]
    assert list(Engagement.objects.filter(volunteer=volunteer).order_by("start_date")
                .values_list("start_date", "end_date")) == [
        (D(2024, 9, 1), D(2025, 1, 31)), (D(2025, 3, 1), None)]
    assert list(InsuranceCoverage.objects.filter(person=volunteer.person_id)
                .order_by("insured_from").values_list("insured_from", "insured_to")) == [
        (D(2024, 9, 1), D(2025, 1, 31)), (D(2025, 3, 1), None)]
    # and the same list again changes nothing
    assert results(run_import([["Lies", "Van Acker", "17/05/1990", "01/03/2025", "", ""]],
                              department)) == [(2, "unchanged", "already in the register")]
    assert Engagement.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["Lies", "Van Acker", "17/05/1990", "15/01/2025", "", ""],
         lambda: f"overlaps the engagement from {day(2024, 9, 1)} to {day(2025, 1, 31)}"),
        (["Lies", "Van Acker", "17/05/1990", "01/09/2024", "28/02/2025", ""],
         lambda: f"the engagement that started on {day(2024, 9, 1)} already ended on "
                 f"{day(2025, 1, 31)}"),
    ],
    ids=["start-before-the-end", "another-end-date"],
)
def test_rows_that_contradict_an_ended_engagement_are_errors(register, coordinator, department,
                                                             row, reason):
    _volunteer, first = register(start=D(2024, 9, 1))
    services.engagement_end(actor=coordinator, engagement=first, end_date=D(2025, 1, 31))
    before = table_counts()
    report = run_import([row], department)
    assert results(report) == [(2, "error", reason())]
    first.refresh_from_db()
    assert first.end_date == D(2025, 1, 31)
    assert table_counts() == (before[0], before[1], before[2], before[3] + 1)  # the summary


def test_the_same_end_date_again_is_unchanged(register, department):
    register(start=D(2025, 3, 1))
    row = ["Lies", "Van Acker", "17/05/1990", "01/03/2025", "10/03/2025", ""]
    run_import([row], department)
    before = table_counts()
    report = run_import([row], department)
    assert results(report) == [(2, "unchanged", "already in the register")]
    assert table_counts() == (before[0], before[1], before[2], before[3] + 1)


def test_one_file_ends_an_engagement_and_starts_a_later_one_in_either_order(
    register, department
):
    # given Lies, engaged since 1 September
    volunteer, _engagement = register(start=D(2024, 9, 1))
    # when the list has her new engagement above the end of the old one
    report = run_import([
        ["Lies", "Van Acker", "17/05/1990", "01/03/2025", "", ""],
        ["Lies", "Van Acker", "17/05/1990", "01/09/2024", "31/01/2025", ""],
    ], department)
    # then both apply; she stays insured (active again in the department)
    assert results(report) == [(2, "engaged", ""), (3, "ended", "")]
    assert list(Engagement.objects.order_by("start_date").values_list("start_date", "end_date")) \
        == [(D(2024, 9, 1), D(2025, 1, 31)), (D(2025, 3, 1), None)]
    cover = InsuranceCoverage.objects.get(person=volunteer.person_id)
    assert (cover.insured_from, cover.insured_to) == (D(2024, 9, 1), None)


def test_the_same_person_by_national_number_is_ended(register, department, settings):
    # given a volunteer registered with her national number
    settings.INSURER_REQUIRES_NATIONAL_NUMBER = True
    volunteer, engagement = register(first_name="Jan", last_name="Peeters",
                                     born=D(1985, 7, 30), national_number="85073003328")
    # when the list spells the name differently
    report = run_import(
        [["Jean", "Peeters-Claes", "30/07/1985", "01/03/2025", "12/03/2025", "",
          "85.07.30-033.28"]],
        department, header=[*ENGLISH_HEADER, "rijksregisternummer"])
    # then it is the same engagement
    assert results(report) == [(2, "ended", "")]
    engagement.refresh_from_db()
    assert engagement.end_date == D(2025, 3, 12)
    assert Volunteer.objects.get() == volunteer


def test_a_dry_run_reports_the_end_and_writes_nothing(register, department):
    _volunteer, engagement = register(start=D(2025, 3, 1))
    before = table_counts()
    report = run_import([["Lies", "Van Acker", "17/05/1990", "01/03/2025", "10/03/2025", ""]],
                        department, dry_run=True)
    assert results(report) == [(2, "ended", "")]
    engagement.refresh_from_db()
    assert engagement.end_date is None
    assert InsuranceCoverage.objects.get().insured_to is None
    assert table_counts() == before


def test_a_failure_while_ending_leaves_nothing_half_written(register, department,
                                                            monkeypatch):
    # given an open engagement, and a file with a new person and an end date
    _volunteer, engagement = register(start=D(2025, 3, 1))
    before = table_counts()

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(row_writer, "engagements_end", broken)
    # when the import fails half-way (after the new person was written)
    with pytest.raises(RuntimeError, match="database went away"):
        run_import([["Mo", "Benali", "03/11/1988", "01/02/2025", "", ""],
                    ["Lies", "Van Acker", "17/05/1990", "01/03/2025", "10/03/2025", ""]],
                   department)
    # then nothing of it stays
    assert table_counts() == before
    engagement.refresh_from_db()
    assert engagement.end_date is None


def test_ending_engagements_costs_the_same_queries_for_two_or_six_rows(register, department):
    people = [(f"Naam{n}", f"Persoon{n}") for n in range(8)]
    for first, last in people:
        register(first_name=first, last_name=last, start=D(2025, 1, 6))

    def queries_for(chunk):
        rows = [[first, last, "17/05/1990", "06/01/2025", "10/03/2025", ""]
                for first, last in chunk]
        with CaptureQueriesContext(connection) as context:
            report = run_import(rows, department)
        assert report.counts["ended"] == len(chunk)
        return len(context.captured_queries)

    assert queries_for(people[:2]) == queries_for(people[2:])
    assert InsuranceCoverage.objects.filter(insured_to=D(2025, 3, 10)).count() == 8


def test_many_different_end_dates_in_one_batch_are_each_applied(register, department):
    # given twelve volunteers engaged since 6 January (more dates than one UPDATE per date)
    for n in range(12):
        register(first_name=f"Naam{n}", last_name=f"Persoon{n}", start=D(2025, 1, 6))
    rows = [[f"Naam{n}", f"Persoon{n}", "17/05/1990", "06/01/2025", f"{n + 1:02d}/03/2025", ""]
            for n in range(12)]
    # when
    report = run_import(rows, department)
    # then every engagement and cover ends on its own day
    assert report.counts["ended"] == 12
    assert sorted(Engagement.objects.values_list("volunteer__first_name", "end_date")) == sorted(
        (f"Naam{n}", D(2025, 3, n + 1)) for n in range(12))
    assert sorted(InsuranceCoverage.objects.values_list(
        "person__first_name", "insured_to", "deregistered_on")) == sorted(
        (f"Naam{n}", D(2025, 3, n + 1), D(2025, 3, 14)) for n in range(12))
