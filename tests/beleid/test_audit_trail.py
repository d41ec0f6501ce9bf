"""The audit trail for people: event types, names instead of ids, filters, CSV, who may read it."""

import ast
import csv
import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from beleid import audit_display, selectors
from beleid.models import AuditEvent, AuditEventType
from beleid.services.audit import audit_log
from insurance import services as register
from workflows.services.checklists import evidence_add_file

from .conftest import item

APPS = ("beleid", "workflows", "insurance", "kennisdeling", "config")
# Raw data a person must never read: dicts, lists, ids, ISO dates, English event codes.
RAW = re.compile(r"[{}\[\]]|#\d|_id\b|\b\d{4}-\d{2}-\d{2}\b|\b[A-Z]+_[A-Z_]+\b")


def trail_url(department):
    return reverse("beleid:audit_trail", args=[department.slug])


def csv_url(department):
    return reverse("beleid:audit_trail_csv", args=[department.slug])


def rows_for(user, department, **filters):
    with translation.override("nl-be"):
        events = selectors.department_audit_trail(department=department, **filters)
        return [
            (row.event.event_type, str(row.event_label), row.subject, row.changes_text)
            for row in selectors.audit_rows(events, user)
        ]


def row_of(rows, event_type):
    return next(row for row in rows if row[0] == event_type)


def long_date(day):
    with translation.override("nl-be"):
        from django.utils.formats import date_format

        return date_format(day, "DATE_FORMAT")


# --- one enum of event types ----------------------------------------------------------------


def _written_event_types():
    """Event types the code writes: every `NAME = "NAME"` constant and every string given as
    `event_type=` (or to `_Batch.event`), and the names used there that are no constant."""
    constants, literals, names = {}, set(), set()
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in tree.body:
                if (isinstance(node, ast.Assign) and len(node.targets) == 1
                        and isinstance(node.targets[0], ast.Name)
                        and isinstance(node.value, ast.Constant)
                        and node.value.value == node.targets[0].id):
                    constants[node.targets[0].id] = node.value.value
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                values = [kw.value for kw in node.keywords if kw.arg == "event_type"]
                if isinstance(node.func, ast.Attribute) and node.func.attr == "event" and node.args:
                    values.append(node.args[0])
                for value in values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        literals.add(value.value)
                    elif isinstance(value, ast.Name | ast.Attribute):
                        name = value.id if isinstance(value, ast.Name) else value.attr
                        if name.isupper():
                            names.add(name)
    members = names & set(AuditEventType.names)  # AuditEventType.X
    return set(constants.values()) | literals | members, names - set(constants) - members


def test_every_event_type_written_in_the_code_has_a_name_in_the_enum():
    written, unknown_names = _written_event_types()

    assert unknown_names == set()
    assert len(written) > 40
    assert written - set(AuditEventType.values) == set()


def test_event_types_are_spelled_only_in_the_enum():
    """No module keeps its own `NAME = "NAME"` copy of an event type, and no service writes
    a type as a bare string: they all name an `AuditEventType` member."""
    written, _unknown = _written_event_types()
    members = {f"AuditEventType.{name}" for name in AuditEventType.names}
    copies = []
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "audit.py":
                continue
            text = path.read_text()
            copies += [f"{path.name}: {value}" for value in AuditEventType.values
                       if f'{value} = "{value}"' in text or f'event_type="{value}"' in text]

    assert copies == []
    assert written <= {member.split(".")[1] for member in members}


def test_an_event_stored_under_an_older_spelling_reads_as_its_type(department, consultant):
    # given an event an earlier version stored as "PLAN_CANCELED" (never rewritten)
    AuditEvent.objects.create(event_type="PLAN_CANCELED", department=department,
                              before={"status": "NEW"}, after={"status": "CANCELED"})

    # then it is named as the type it now is, and the filter for that type finds it
    rows = rows_for(consultant, department)
    found = selectors.department_audit_trail(
        department=department, event_type=AuditEventType.PLAN_CANCELLED)

    assert rows[0][1] == "Stappenplan geannuleerd"
    assert [event.event_type for event in found] == ["PLAN_CANCELED"]


def test_every_event_type_says_how_its_before_and_after_read():
    assert set(AuditEventType.values) - audit_display.registered_event_types() == set()


def test_every_event_type_has_a_dutch_name():
    with translation.override("en"):
        english = {t.value: str(t.label) for t in AuditEventType}
    with translation.override("nl-be"):
        untranslated = [t.value for t in AuditEventType if str(t.label) == english[t.value]]

    assert untranslated == []


def test_an_unknown_stored_event_type_shows_as_stored(department, consultant):
    audit_log(actor=None, event_type="SOMETHING_OLD", department=department, after={"x": 1})

    rows = rows_for(consultant, department)

    assert rows == [("SOMETHING_OLD", "SOMETHING_OLD", "", "x: 1")]


# --- every event family in words ----------------------------------------------------------


def test_step_plan_events_name_the_step_task_and_item(trail, department, consultant,
                                                      coordinator):
    rows = rows_for(consultant, department)

    assert row_of(rows, "STEP_RETURNED") == (
        "STEP_RETURNED", "Stap teruggestuurd met opmerkingen", "Vision — Bibliotheek 2024",
        "status: Ingediend voor nazicht → Teruggestuurd met opmerkingen; "
        "opmerking bij het nazicht: Vermeld ook de doelgroep.")
    assert row_of(rows, "TASK_ASSIGNED")[1:] == (
        "Taak opgenomen", "Visie: checklist invullen",
        f"opgenomen door: {coordinator.get_full_name()}")
    assert row_of(rows, "CHECKLIST_ITEM_UPDATED")[1:] == (
        "Checklistpunt gewijzigd", "VIS-02 Vereiste VIS-02", "status: Niet gestart → Voldaan")
    assert row_of(rows, "VISION_UPDATED")[2:] == (
        "Vision — Bibliotheek 2024", "visie: — → Vrijwilligers zijn welkom.")
    assert row_of(rows, "PLAN_STARTED")[1:] == (
        "Stappenplan gestart", "Stappenplan Bibliotheek 2024", "kaderversie: 2024.1; jaar: 2024")


def test_evidence_is_named_by_its_file_also_once_removed(trail, department, consultant):
    rows = rows_for(consultant, department)

    added = [row for row in rows if row[0] == "EVIDENCE_ADDED"]
    assert [row[2] for row in added] == [
        "Visie op het intranet", "verkeerd-bestand.pdf", "visietekst.pdf"]
    assert added[2][3].startswith("checklistpunt: VIS-01 Vereiste VIS-01; SHA-256: ")
    assert row_of(rows, "EVIDENCE_REMOVED")[1:] == (
        "Bewijsstuk verwijderd", "verkeerd-bestand.pdf", "checklistpunt: VIS-01 Vereiste VIS-01")


def test_register_events_name_the_volunteer_with_dates_and_words(trail, department, consultant):
    rows = rows_for(consultant, department)
    today = timezone.localdate()

    subjects = {row[2] for row in rows if row[0] in (
        "VOLUNTEER_REGISTERED", "ENGAGEMENT_STARTED", "VOLUNTEER_INSURED",
        "INFORMATION_NOTE_RECORDED", "DUTY_TO_REPORT_CHECKED", "DECLARATION_RECORDED",
        "ENGAGEMENT_ENDED", "VOLUNTEER_DEREGISTERED")}
    assert subjects == {"Lies Van Acker"}
    assert row_of(rows, "VOLUNTEER_INSURED")[3] == (
        f"verzekerd vanaf: {long_date(today - datetime.timedelta(days=10))}; "
        "polis: LO-VRIJWILLIGERS-GENT")
    assert row_of(rows, "INFORMATION_NOTE_RECORDED")[3] == (
        f"gegeven op: {long_date(today - datetime.timedelta(days=12))}; "
        "hoe: Op papier ondertekend; ondertekende afsprakennota: nee; "
        "gegeven vóór de start: ja")
    assert row_of(rows, "ENGAGEMENT_ENDED")[3] == f"einddatum: — → {long_date(today)}"
    assert row_of(rows, "DUTY_TO_REPORT_CHECKED")[3].startswith(
        "uitkering: Geen uitkering (geen meldingsplicht) → Werkloosheidsuitkering")


def test_beleid_events_name_the_requirement_and_department(trail, department, consultant):
    from beleid.services.departments import department_update

    department_update(actor=consultant, department=department, welfare_decree=True,
                      cluster="Cultuur")

    rows = rows_for(consultant, department)

    assert row_of(rows, "INTERPRETATION_UPDATED")[1:] == (
        "Eigen vertaling gewijzigd", "ONB-01 Vereiste ONB-01",
        "eigen vertaling: — → Elke starter krijgt een rondleiding.")
    assert row_of(rows, "DEPARTMENT_UPDATED")[1:] == (
        "Dienst gewijzigd", "Bibliotheek",
        "cluster: Cultuur, Sport en Vrije Tijd → Cultuur; "
        "valt onder het welzijnsdecreet: nee → ja")


def test_onboarding_events_name_the_volunteer_and_the_task(client, department, coordinator,
                                                          consultant, auditor):
    from workflows.models import OnboardingProcess
    from workflows.onboarding.services import onboarding_cancel

    client.force_login(coordinator)
    response = client.post(reverse("onboarding:start:execute"), {
        "first_name": "Bram", "last_name": "De Smet", "date_of_birth": "1992-07-01",
        "email": "", "phone": "", "emergency_contact": "", "tasks": "onthaal",
        "start_date": timezone.localdate().isoformat(), "department": department.pk})
    assert response.status_code == 302
    process = OnboardingProcess.objects.get()
    task = process.task_set.get(status="NEW")
    client.force_login(consultant)
    assert client.post(task.flow_task.reverse("cancel", args=[process.pk, task.pk])
                       ).status_code == 302
    onboarding_cancel(process=OnboardingProcess.objects.get(), actor=consultant)

    rows = rows_for(consultant, department)

    assert row_of(rows, "ONBOARDING_CANCELLED")[1:] == (
        "Onthaal geannuleerd", "Bram De Smet", "status: Nieuw → Geannuleerd")
    cancelled = row_of(rows, "ONBOARDING_TASK_CANCELLED")
    assert cancelled[1] == "Onthaaltaak geannuleerd"
    assert cancelled[2] == str(task.title)
    assert cancelled[3] == "status: Nieuw → Geannuleerd"
    volunteer = OnboardingProcess.objects.get().engagement.volunteer
    assert row_of(rows_for(auditor, department), "ONBOARDING_CANCELLED")[2] == (
        f"vrijwilliger {volunteer.person_id}")


def test_an_object_that_no_longer_exists_is_named_by_what_it_was(department, consultant):
    audit_log(actor=consultant, event_type="EVIDENCE_ADDED", department=department,
              after={"item": 999999, "sha256": "0" * 64})
    audit_log(actor=consultant, event_type="PLAN_STARTED", department=department,
              obj=department, after={"year": 2024})

    rows = rows_for(consultant, department)

    assert row_of(rows, "EVIDENCE_ADDED")[3].startswith(
        "checklistpunt: checklistpunt (bestaat niet meer); SHA-256: 000")
    assert row_of(rows, "PLAN_STARTED")[2] == "Bibliotheek"


def test_no_row_shows_raw_codes_ids_dicts_or_iso_dates(trail, department, consultant, auditor):
    for user in (consultant, auditor):
        for event_type, label, subject, changes in rows_for(user, department):
            text = " | ".join([label, subject, re.sub(r"SHA-256: [0-9a-f]{64}", "", changes)])
            assert not RAW.search(text), (event_type, text)


def test_a_process_history_renders_any_list_of_events_the_same_way(trail, consultant):
    """The selectors and the include a page of another app uses for its own list of events."""
    from django.template.loader import render_to_string

    vision = trail["vision"]
    events = selectors.audit_events_about(objects=[vision, *vision.items.all()])
    with translation.override("nl-be"):
        html = render_to_string("beleid/_audit_rows.html",
                                {"audit_rows": selectors.audit_rows(events, consultant)})

    assert [event.event_type for event in events] == [
        "STEP_RETURNED", "STEP_SUBMITTED", "CHECKLIST_ITEM_UPDATED", "CHECKLIST_ITEM_UPDATED",
        "VISION_UPDATED"]
    assert html.count("<tr>") == 6  # the header and five events
    assert "Stap ingediend voor nazicht" in html and "Teruggestuurd met opmerkingen" in html
    assert "VIS-02 Vereiste VIS-02" in html


# --- a volunteer by name or by number -------------------------------------------------------


VOLUNTEER_EVENTS = ("VOLUNTEER_REGISTERED", "ENGAGEMENT_STARTED", "VOLUNTEER_INSURED",
                    "INFORMATION_NOTE_RECORDED", "DUTY_TO_REPORT_CHECKED",
                    "DECLARATION_RECORDED", "ENGAGEMENT_ENDED", "VOLUNTEER_DEREGISTERED")


def volunteer_subjects(user, department):
    return {row[2] for row in rows_for(user, department) if row[0] in VOLUNTEER_EVENTS}


def test_the_office_and_the_own_coordinator_read_the_volunteers_name(
    trail, department, consultant, coordinator, administrator
):
    for user in (consultant, coordinator, administrator):
        assert volunteer_subjects(user, department) == {"Lies Van Acker"}


def test_an_auditor_reads_one_number_per_volunteer_everywhere(trail, department, auditor):
    number = f"vrijwilliger {trail['volunteer'].person_id}"

    # cover, engagement, note and declaration all name the volunteer by the same number
    assert volunteer_subjects(auditor, department) == {number}


def test_an_auditor_with_the_register_extract_permission_reads_names(trail, department, auditor):
    auditor.user_permissions.add(Permission.objects.get(codename="view_register_extract"))
    auditor = type(auditor).objects.get(pk=auditor.pk)  # forget the cached permissions

    assert volunteer_subjects(auditor, department) == {"Lies Van Acker"}


def test_another_departments_coordinator_would_read_a_number(
    trail, department, other_coordinator
):
    assert volunteer_subjects(other_coordinator, department) == {
        f"vrijwilliger {trail['volunteer'].person_id}"}


def test_an_anonymised_volunteer_shows_by_number(trail, department, consultant):
    register.volunteers_anonymise(older_than_years=0,
                                  today=timezone.localdate() + datetime.timedelta(days=1))

    assert volunteer_subjects(consultant, department) == {
        f"vrijwilliger {trail['volunteer'].person_id}"}


# --- the page: who may read it, filters, pages, queries ----------------------------------


def test_the_coordinator_reads_the_own_departments_trail(client, trail, department, coordinator):
    client.force_login(coordinator)

    response = client.get(trail_url(department))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Audittrail van Bibliotheek" in html
    assert "Lies Van Acker" in html and "Stap teruggestuurd met opmerkingen" in html
    assert "<td>STEP_RETURNED" not in html and "{&#x27;" not in html


@pytest.mark.parametrize("role", ["consultant", "auditor", "administrator"])
def test_the_office_auditors_and_administrators_read_every_trail(client, request, trail,
                                                                 department, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(trail_url(department)).status_code == 200


@pytest.mark.parametrize("url", [trail_url, csv_url])
def test_another_departments_trail_does_not_exist_for_a_coordinator(
    client, trail, department, other_coordinator, url
):
    client.force_login(other_coordinator)
    before = AuditEvent.objects.count()

    response = client.get(url(department))

    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_anonymous_visitors_go_to_the_login_page(client, department):
    for url in (trail_url(department), csv_url(department)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_posting_to_the_trail_changes_nothing(client, trail, department, auditor):
    client.force_login(auditor)
    before = AuditEvent.objects.count()

    for url in (trail_url(department), csv_url(department)):
        assert client.post(url).status_code == 405

    assert AuditEvent.objects.count() == before


def test_filter_by_event_person_and_period(client, department, coordinator, consultant):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC), tick=False):
        audit_log(actor=coordinator, event_type="VISION_UPDATED", department=department)
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, tzinfo=datetime.UTC), tick=False):
        audit_log(actor=consultant, event_type="STEP_RETURNED", department=department)
        audit_log(actor=coordinator, event_type="VISION_UPDATED", department=department)
    client.force_login(consultant)

    def found(**query):
        response = client.get(trail_url(department), query)
        assert response.status_code == 200
        return [(row.event.event_type, row.event.actor.username)
                for row in response.context["audit_rows"]]

    assert len(found()) == 3
    assert found(event="VISION_UPDATED") == [("VISION_UPDATED", "coordinator")] * 2
    assert found(person=consultant.pk) == [("STEP_RETURNED", "consultant")]
    assert found(date_from="2026-03-01", date_to="2026-03-10") == [
        ("VISION_UPDATED", "coordinator")]
    assert found(event="VISION_UPDATED", date_from="2026-03-15") == [
        ("VISION_UPDATED", "coordinator")]


def test_the_filter_offers_the_events_and_people_of_this_trail(client, trail, department,
                                                               consultant, coordinator):
    client.force_login(consultant)

    form = client.get(trail_url(department)).context["form"]

    events = dict(form.fields["event"].choices)
    assert events[""] == "Alle gebeurtenissen"
    assert events["STEP_RETURNED"] == "Stap teruggestuurd met opmerkingen"
    assert "FRAMEWORK_PUBLISHED" not in events
    assert set(form.fields["person"].queryset) == {coordinator, consultant}


def test_a_period_that_ends_before_it_starts_is_refused(client, trail, department, consultant):
    client.force_login(consultant)

    response = client.get(trail_url(department), {"date_from": "2026-03-10",
                                                   "date_to": "2026-03-01"})

    assert response.status_code == 200
    assert "Het einde van de periode ligt vóór het begin." in response.content.decode()


def test_nothing_found_says_what_to_do(client, trail, department, consultant):
    client.force_login(consultant)

    response = client.get(trail_url(department), {"event": "STEP_APPROVED"})

    assert "Geen gebeurtenissen voor deze filters." in response.content.decode()


def test_the_trail_is_paginated_and_keeps_its_filters(client, department, coordinator,
                                                     consultant):
    for n in range(55):
        audit_log(actor=coordinator, event_type="VISION_UPDATED", department=department,
                  after={"vision_text": f"versie {n}"})
    client.force_login(consultant)

    response = client.get(trail_url(department), {"event": "VISION_UPDATED"})

    assert len(response.context["audit_rows"]) == 50
    assert "?event=VISION_UPDATED&amp;page=2" in response.content.decode()
    second = client.get(trail_url(department), {"event": "VISION_UPDATED", "page": 2})
    assert len(second.context["audit_rows"]) == 5


def _register_volunteers(department, coordinator, count, first=0):
    for n in range(first, first + count):
        volunteer = register.volunteer_register(
            actor=coordinator, department=department, first_name=f"Persoon{n}",
            last_name="Test", date_of_birth=datetime.date(1980, 1, 1) + datetime.timedelta(n))
        register.engagement_start(actor=coordinator, volunteer=volunteer,
                                  start_date=timezone.localdate())


def _page_queries(client, department):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(trail_url(department))
    assert response.status_code == 200
    return len(response.context["audit_rows"]), len(queries)


@pytest.mark.parametrize("role", ["coordinator", "auditor"])
def test_the_number_of_queries_does_not_grow_with_the_events(client, request, department,
                                                             coordinator, role):
    client.force_login(request.getfixturevalue(role))
    _register_volunteers(department, coordinator, 1)
    few = _page_queries(client, department)
    _register_volunteers(department, coordinator, 8, first=1)

    many = _page_queries(client, department)

    assert (few[0], many[0]) == (3, 27)
    assert many[1] == few[1]


def test_a_trail_of_every_family_needs_a_bounded_number_of_queries(
    client, trail, department, consultant, django_assert_max_num_queries
):
    client.force_login(consultant)

    with django_assert_max_num_queries(24):
        response = client.get(trail_url(department))

    assert len(response.context["audit_rows"]) > 20


def test_times_show_in_the_one_date_time_format(client, department, coordinator, consultant):
    with time_machine.travel(datetime.datetime(2026, 11, 27, 13, 5, tzinfo=datetime.UTC),
                             tick=False):
        audit_log(actor=coordinator, event_type="VISION_UPDATED", department=department)
    client.force_login(consultant)

    html = client.get(trail_url(department)).content.decode()

    with translation.override("nl-be"):
        from django.utils.formats import date_format

        expected = date_format(timezone.localtime(AuditEvent.objects.get().created_at),
                               "DATETIME_FORMAT")
    assert expected in html and "27 november 2026" in expected
    assert "2026-11-27" not in html


# --- CSV ------------------------------------------------------------------------------------


def read_csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_csv_has_the_readable_columns_of_the_page(client, trail, department, auditor):
    client.force_login(auditor)

    response = client.get(csv_url(department), {"event": "VOLUNTEER_INSURED"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="audittrail-bibliotheek-' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == ["Tijdstip", "Dienst", "Door", "Gebeurtenis", "Betreft", "Wijzigingen"]
    assert len(rows) == 1
    when, department_name, actor, event, subject, changes = rows[0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", when)
    assert (department_name, event, subject) == (
        "Bibliotheek", "Aangemeld bij de ongevallenverzekering",
        f"vrijwilliger {trail['volunteer'].person_id}")
    assert changes.startswith("verzekerd vanaf: ")


def test_the_whole_csv_is_readable(client, trail, department, consultant):
    client.force_login(consultant)

    header, *rows = read_csv(client.get(csv_url(department)))

    assert len(rows) == AuditEvent.objects.filter(department=department).count() - 1
    for row in rows:
        text = " | ".join(row[2:]).replace("SHA-256: ", "")
        text = re.sub(r"\b[0-9a-f]{64}\b", "", text)
        assert not RAW.search(text), text
    assert any("Lies Van Acker" in row[4] for row in rows)


def test_downloading_the_csv_is_recorded(client, trail, department, auditor, coordinator):
    client.force_login(auditor)

    client.get(csv_url(department), {"event": "EVIDENCE_ADDED", "person": coordinator.pk,
                                     "date_from": "2026-01-01"})

    event = AuditEvent.objects.latest("id")
    assert (event.event_type, event.actor, event.department) == (
        "AUDIT_TRAIL_EXPORTED", auditor, department)
    assert event.after == {"event_type": "EVIDENCE_ADDED", "actor_id": coordinator.pk,
                           "date_from": "2026-01-01", "date_to": None, "rows": 3}
    rows = rows_for(auditor, department, event_type="AUDIT_TRAIL_EXPORTED")
    assert rows[0][1:] == ("Audittrail gedownload", "", (
        f"gebeurtenis: Bewijsstuk toegevoegd; door: {coordinator.get_full_name()}; "
        "van: 1 januari 2026; rijen: 3"))


def test_csv_cells_that_look_like_formulas_are_neutralised(client, plan, department,
                                                            coordinator, consultant):
    evidence_add_file(item=item(plan, "VIS-01"), actor=coordinator,
                      upload=SimpleUploadedFile("=HYPERLINK(1).pdf", b"%PDF-1.4"))
    client.force_login(consultant)

    header, *rows = read_csv(client.get(csv_url(department), {"event": "EVIDENCE_ADDED"}))

    assert rows[0][4] == "'=HYPERLINK(1).pdf"


@pytest.fixture
def plan(framework, department, consultant, django_capture_on_commit_callbacks):
    from tests.workflows.conftest import start

    start(framework, [department], actor=consultant, capture=django_capture_on_commit_callbacks)
    return department.step_plans.get(year=2024)


def test_the_department_page_links_to_its_trail_for_its_coordinator(client, department,
                                                                    coordinator, framework):
    client.force_login(coordinator)

    html = client.get(reverse("beleid:department_detail", args=[department.slug])).content

    assert trail_url(department).encode() in html


def test_the_trail_reads_in_english_for_who_chose_english(client, trail, department, consultant):
    client.force_login(consultant)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    html = client.get(trail_url(department)).content.decode()

    assert "Step returned with comments" in html
    assert "Submitted for review</span> → <span" in html
    assert "Stap teruggestuurd" not in html
