"""An import never costs a volunteer their cover: a problem in a secondary field is a warning
on that line (the field stays empty, the volunteer is registered and insured); e-mail
addresses as mail systems accept them; one oversize or malformed field is that row's
problem, and the other rows of the file import."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from beleid.models import AuditEvent
from insurance import services
from insurance.models import Engagement, ImportUpload, InsuranceCoverage, Volunteer
from insurance.volunteer_import.file_reader import SourceRow, read_register_file
from insurance.volunteer_import.row_writer import volunteers_import

from .test_import import csv_bytes, run_import

D = datetime.date

HEADER = ["voornaam", "achternaam", "geboortedatum", "startdatum", "email", "telefoon", "adres",
          "noodcontact", "taken"]
FIELDS = ["first_name", "last_name", "date_of_birth", "start_date", "email", "phone", "address",
          "emergency_contact", "tasks"]


def row(first, email="", phone="", address="", emergency="", tasks="", *, last="Peeters"):
    return [first, last, "17/05/1990", "01/03/2025", email, phone, address, emergency, tasks]


def lines(report):
    return [(r.line, r.status, r.reason, r.warnings) for r in report.rows]


def insured(first_name):
    return InsuranceCoverage.objects.filter(person__first_name=first_name,
                                            insured_to__isnull=True).exists()


def test_a_wrong_secondary_value_is_a_warning_and_the_volunteer_is_insured(frozen_today,
                                                                           department):
    # when a list holds a wrong value in each secondary field (after 4 KB of lines, as a NUL
    # in the first 4 KB says "not a text file")
    filler = [row(f"Vul{n:03d}", last="Opvulling") for n in range(120)]
    report = run_import(csv_bytes(HEADER, [
        *filler,
        row("Eva", email="eva-at-example", phone="0475 12 34 56"),
        row("Jan", phone="bel me na 18u"),
        row("An", phone="0" * 41),
        row("Els", address="Straat " * 50),
        row("Tom", emergency="Moe\x00der"),
        row("Kim", tasks="voorlezen " * 40),
    ], delimiter=";"), department)
    # then every line is imported with a warning that names the value left out
    assert lines(report)[:120] == [(line, "new", "", []) for line in range(2, 122)]
    assert [(line - 120, *rest) for line, *rest in lines(report)[120:]] == [
        (2, "new", "", ["e-mail address 'eva-at-example' is not valid and was left empty"]),
        (3, "new", "", ["phone number 'bel me na 18u' is not a phone number and was left "
                        "empty"]),
        (4, "new", "", [f"phone number '{'0' * 40}…' is longer than 40 characters and was "
                        "left empty"]),
        (5, "new", "", [f"address '{('Straat ' * 6)[:40]}…' is longer than 300 characters "
                        "and was left empty"]),
        (6, "new", "", ["emergency contact 'Moe\x00der' holds characters that are not text and "
                        "was left empty"]),
        (7, "new", "", [f"tasks '{('voorlezen ' * 4)[:40]}…' is longer than 300 characters "
                        "and was left empty"]),
    ]
    assert Volunteer.objects.exclude(last_name="Opvulling").count() == 6
    assert all(insured(name) for name in ("Eva", "Jan", "An", "Els", "Tom", "Kim"))
    assert list(Volunteer.objects.exclude(last_name="Opvulling").order_by(
        "first_name").values_list(
        "first_name", "email", "phone", "address", "emergency_contact")) == [
        ("An", "", "", "", ""), ("Els", "", "", "", ""), ("Eva", "", "0475 12 34 56", "", ""),
        ("Jan", "", "", "", ""), ("Kim", "", "", "", ""), ("Tom", "", "", "", "")]
    assert Engagement.objects.get(volunteer__first_name="Kim").tasks == ""
    summary = AuditEvent.objects.get(event_type="VOLUNTEERS_IMPORTED")
    assert (summary.after["new"], summary.after["warnings"]) == (126, 6)


@pytest.mark.parametrize("email", [
    "josé@voorbeeld.be",
    "lies@bücher.be",
    "lies+vrijwilliger@gent.be",
    "o'brien@voorbeeld.be",
    "ЛЮДМИЛА@пример.бг",
    "名前@例え.jp",
])
def test_e_mail_addresses_are_accepted_as_mail_systems_accept_them(frozen_today, department,
                                                                   email):
    report = run_import(csv_bytes(HEADER, [row("Lies", email=email)]), department)
    assert lines(report) == [(2, "new", "", [])]
    assert Volunteer.objects.get().email == email


def test_an_address_in_decomposed_unicode_is_stored_as_one_spelling(frozen_today, department):
    run_import(csv_bytes(HEADER, [row("Lies", email="jose\u0301@voorbeeld.be")]), department)
    assert Volunteer.objects.get().email == "jos\u00e9@voorbeeld.be"


@pytest.mark.parametrize("email", [
    "eva-at-example", "eva@", "@voorbeeld.be", "eva@@voorbeeld.be", "eva@voorbeeld",
    "eva..smet@voorbeeld.be", ".eva@voorbeeld.be", "eva smet@voorbeeld.be",
    "eva@voorbeeld..be", "eva@-voorbeeld.be", "eva@localhost", "eva@[127.0.0.1]",
    "x" * 65 + "@voorbeeld.be",
])
def test_obvious_garbage_is_still_refused_as_an_address(frozen_today, department, email):
    report = run_import(csv_bytes(HEADER, [row("Eva", email=email)]), department)
    [result] = report.rows
    assert (result.status, result.warnings) == (
        "new", [f"e-mail address '{email[:40]}{'…' if len(email) > 40 else ''}' is not valid "
                "and was left empty"])
    assert Volunteer.objects.get().email == ""
    assert insured("Eva")


OVERSIZE = "x" * 200_000  # over the csv module's own field limit of 128 KB


@pytest.mark.parametrize(
    ("bad_row", "result"),
    [
        (row(OVERSIZE), ("error", "first name is longer than 100 characters", [])),
        (row("Eva", email=OVERSIZE),
         ("new", "", [f"e-mail address '{'x' * 40}…' is longer than 254 characters and was "
                      "left empty"])),
        (row("Eva", tasks=OVERSIZE),
         ("new", "", [f"tasks '{'x' * 40}…' is longer than 300 characters and was left "
                      "empty"])),
    ],
    ids=["in-a-name", "in-the-e-mail", "in-the-tasks"],
)
def test_one_oversize_field_is_that_rows_problem_and_the_others_import(
    frozen_today, department, bad_row, result
):
    # when the middle line of a file has a field of 200,000 characters
    data = csv_bytes(HEADER, [row("Lies"), bad_row, row("Mo", last="Benali")])
    report = run_import(data, department)
    # then that line has its error or warning; the lines around it are imported
    assert lines(report) == [(2, "new", "", []), (3, *result), (4, "new", "", [])]
    assert insured("Lies") and insured("Mo")


def test_an_oversize_field_in_a_column_the_import_does_not_read_changes_nothing(
    frozen_today, department
):
    data = csv_bytes([*HEADER, "opmerking"], [[*row("Lies"), OVERSIZE], [*row("Mo"), "kort"]])
    report = run_import(data, department)
    assert lines(report) == [(2, "new", "", []), (3, "new", "", [])]


def test_a_quoted_field_across_lines_is_reported_on_the_line_where_its_row_starts(
    frozen_today, department
):
    data = (b"voornaam;achternaam;geboortedatum;startdatum;adres\r\n"
            b'Lies;Peeters;17/05/1990;01/03/2025;"Kouter 1\r\n9000 Gent"\r\n'
            b";Benali;03/11/1988;01/03/2025;\r\n")
    report = run_import(data, department)
    assert lines(report) == [(2, "new", "", []), (4, "error", "first name is missing", [])]
    assert Volunteer.objects.get().address == "Kouter 1 9000 Gent"


@pytest.mark.parametrize(
    ("first_name", "reason"),
    [("Li\x00es", "first name holds characters that are not text"),
     ("x" * 101, "first name is longer than 100 characters"),
     ("\ufdfa" * 20, "the name is too long to register")],
    ids=["nul", "long", "long-once-folded"],
)
def test_a_name_that_cannot_be_stored_is_that_rows_error(frozen_today, department, first_name,
                                                         reason):
    rows = [SourceRow(line, dict(zip(FIELDS, values, strict=True)))
            for line, values in ((2, row(first_name)), (3, row("Mo")))]
    report = volunteers_import(actor=None, department=department, rows=rows)
    assert lines(report) == [(2, "error", reason, []), (3, "new", "", [])]
    assert list(Volunteer.objects.values_list("first_name", flat=True)) == ["Mo"]


def test_a_line_the_csv_reader_refuses_is_that_lines_error(monkeypatch):
    import csv

    from beleid import spreadsheets

    real = csv.reader

    def reader_that_fails_on_line_3(*args, **kwargs):
        rows = real(*args, **kwargs)

        class Reader:
            line_num = 0

            def __iter__(self):
                return self

            def __next__(self):
                values = next(rows)
                self.line_num = rows.line_num
                if self.line_num == 3:
                    raise csv.Error("unexpected end of data")
                return values

        return Reader()

    monkeypatch.setattr(spreadsheets.csv, "reader", reader_that_fails_on_line_3)
    rows = read_register_file(csv_bytes(HEADER, [row("Lies"), row("Eva"), row("Mo")]))
    assert [(r.line, r.problem, r.values.get("first_name")) for r in rows] == [
        (2, "", "Lies"),
        (3, "this line cannot be read as CSV (unexpected end of data)", None),
        (4, "", "Mo"),
    ]


# --- the pages and the command ------------------------------------------------------------


def test_the_preview_and_the_result_show_each_warning_with_its_line_in_dutch(
    client, coordinator, department, frozen_today, django_capture_on_commit_callbacks
):
    data = csv_bytes(HEADER, [row("Lies"), row("Eva", email="eva-at-example"),
                              ["", "Peeters", "17/05/1990", "01/03/2025"]], delimiter=";")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insurance:import_upload", args=[department.slug]),
                               {"file": SimpleUploadedFile("lijst.csv", data)})
    upload = ImportUpload.objects.get()
    expected = ("waarschuwing op regel 3: e-mailadres &#x27;eva-at-example&#x27; is ongeldig "
                "en werd leeg gelaten")
    with translation.override("nl-be"):
        preview = client.get(response.url).content.decode()
    assert expected in preview
    assert ("1 regel met een waarschuwing: de vrijwilliger wordt geregistreerd zonder de "
            "ongeldige waarde (zie hieronder)") in preview
    assert "niet geïmporteerd: voornaam ontbreekt" in preview
    # only the lines to look at: the error and the warning
    with translation.override("nl-be"):
        only = client.get(response.url + "?errors=1")
    assert [r.line for r in only.context["page_obj"]] == [3, 4]
    # the result after the import shows them too
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {"confirm": "1"})
    upload.refresh_from_db()
    assert upload.state == "done"
    with translation.override("nl-be"):
        result = client.get(response.url).content.decode()
    assert "Importresultaat" in result and expected in result
    assert Volunteer.objects.get(first_name="Eva").email == ""
    assert insured("Eva")


def test_the_command_prints_each_warning_with_its_line(frozen_today, department, tmp_path,
                                                       capsys):
    from django.core.management import call_command

    path = tmp_path / "lijst.csv"
    path.write_bytes(csv_bytes(HEADER, [row("Eva", phone="geen")]))
    call_command("import_volunteers", str(path), "--department", department.slug)
    out = capsys.readouterr()
    assert out.err == ("line 2: warning: phone number 'geen' is not a phone number and was "
                       "left empty\n")
    assert out.out.endswith("0 rows failed, 1 imported with a warning.\n")


def test_a_row_of_someone_in_the_register_warns_only_about_what_it_writes(
    register, department, coordinator
):
    # given Lies, in the library's register with her own e-mail address; her engagement
    # ended in January
    volunteer, engagement = register(email="lies@voorbeeld.be", start=D(2024, 9, 1))
    services.engagement_end(actor=coordinator, engagement=engagement, end_date=D(2025, 1, 31))
    # when the library's list has her again from March, with a wrong address and overlong
    # tasks
    report = run_import(csv_bytes(HEADER, [row("Lies", email="lies-at-home",
                                               tasks="lezen " * 70, last="Van Acker")]),
                        department)
    # then the new engagement is made without the tasks; her address is not the list's
    [result] = report.rows
    assert (result.status, result.warnings) == ("engaged", [
        f"tasks '{('lezen ' * 7)[:40]}…' is longer than 300 characters and was left empty"])
    volunteer.refresh_from_db()
    assert volunteer.email == "lies@voorbeeld.be"
    assert Engagement.objects.get(start_date=D(2025, 3, 1)).tasks == ""


def test_a_person_known_elsewhere_gets_a_record_of_the_lists_values_and_its_warnings(
    register, other_department
):
    # given Lies, in the library's register with her own e-mail address
    volunteer, _engagement = register(email="lies@voorbeeld.be")
    # when the museums' list has her with a wrong address and overlong tasks
    report = run_import(csv_bytes(HEADER, [row("Lies", email="lies-at-home",
                                               tasks="lezen " * 70, last="Van Acker")]),
                        other_department)
    # then she is new in the museums (their record, warned about both values), and the
    # library's record is as it was
    [result] = report.rows
    assert (result.status, result.warnings) == ("new_here", [
        "e-mail address 'lies-at-home' is not valid and was left empty",
        f"tasks '{('lezen ' * 7)[:40]}…' is longer than 300 characters and was left empty"])
    volunteer.refresh_from_db()
    assert volunteer.email == "lies@voorbeeld.be"
    assert Volunteer.objects.get(department=other_department).email == ""
    assert Engagement.objects.get(department=other_department).tasks == ""
