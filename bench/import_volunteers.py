"""Benchmark: import 35,000 generated volunteer rows into PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_insurance_bench \
        .venv/bin/python bench/import_volunteers.py [--rows 35000]

Creates a throw-away test database (test_<name>), imports a generated semicolon CSV in
Windows-1252 (what Excel in Belgium writes) through the real path (read, check, bulk import
with audit events), re-imports it (no duplicates), and inserts the same rows with a plain
`bulk_create` in the same run, then prints seconds, rows/s and the ratio.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_insurance_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

FIRST = ["Lies", "Jan", "An", "Pieter", "Sofie", "Tom", "Els", "Koen", "Hélène", "Jörg",
         "Fatima", "Mehmet", "Olga", "Ruben", "Febe", "Ines"]
LAST = ["Peeters", "Janssens", "Maes", "Van Acker", "De Smet", "Claeys", "Dewaële",
        "El Amrani", "Nowak", "Vermeulen", "De Clercq", "Lambrecht"]


def generate(count: int, rng: random.Random) -> bytes:
    lines = ["voornaam;achternaam;geboortedatum;startdatum;einddatum;e-mail;telefoon"]
    for n in range(count):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)} {n}"
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 60 * 365))
        start = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randint(0, 1000))
        end = ""
        if rng.random() < 0.05:
            end = (start + datetime.timedelta(days=rng.randint(1, 300))).strftime("%d/%m/%Y")
        lines.append(";".join([first, last, born.strftime("%d/%m/%Y"), start.strftime("%d-%m-%Y"),
                               end, f"v{n}@voorbeeld.be", "09 266 00 00"]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=35_000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def run(count: int) -> None:
    from beleid.models import Department
    from insurance.models import Engagement, InsuranceCoverage, Volunteer
    from insurance.volunteer_import.file_reader import read_register_file
    from insurance.volunteer_import.row_writer import volunteers_import

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    data = generate(count, random.Random(2024))
    department = Department.objects.create(name="Bench", slug="bench")
    baseline_department = Department.objects.create(name="Baseline", slug="baseline")

    def progress(done, total):
        if done % 10_000 < 1000 or done == total:
            print(f"  {done}/{total}", flush=True)

    started = time.perf_counter()
    rows = read_register_file(data)
    report = volunteers_import(actor=None, department=department, rows=rows, progress=progress)
    imported = time.perf_counter() - started
    assert report.counts["new"] == count, report.counts

    started = time.perf_counter()
    again = volunteers_import(actor=None, department=department, rows=read_register_file(data))
    reimported = time.perf_counter() - started
    assert again.counts["unchanged"] == count, again.counts

    # The same rows with a plain bulk_create: no file reading, no checks, no audit events.
    started = time.perf_counter()
    with transaction.atomic():
        volunteers = [
            Volunteer(first_name=r.values["first_name"], last_name=r.values["last_name"],
                      date_of_birth=datetime.datetime.strptime(  # noqa: DTZ007
                          r.values["date_of_birth"], "%d/%m/%Y").date(),
                      email=r.values["email"], person_key=f"baseline:{r.line}")
            for r in rows
        ]
        Volunteer.objects.bulk_create(volunteers, batch_size=1000)
        engagements = [
            Engagement(volunteer=v, department=baseline_department,
                       start_date=datetime.datetime.strptime(  # noqa: DTZ007
                           r.values["start_date"], "%d-%m-%Y").date())
            for v, r in zip(volunteers, rows, strict=True)
        ]
        Engagement.objects.bulk_create(engagements, batch_size=1000)
        InsuranceCoverage.objects.bulk_create(
            [InsuranceCoverage(volunteer=v, insured_from=e.start_date,
                               registered_on=datetime.date.today())  # noqa: DTZ011
             for v, e in zip(volunteers, engagements, strict=True)],
            batch_size=1000,
        )
    baseline = time.perf_counter() - started

    print(f"rows: {count}")
    print(f"import (read + check + bulk + audit): {imported:.2f} s, {count / imported:,.0f} rows/s")
    print(f"re-import (all unchanged):            {reimported:.2f} s, "
          f"{count / reimported:,.0f} rows/s")
    print(f"plain bulk_create (same rows):        {baseline:.2f} s, "
          f"{count / baseline:,.0f} rows/s")
    print(f"ratio import / bulk_create:           {imported / baseline:.1f}x")


if __name__ == "__main__":
    main()
