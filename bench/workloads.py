"""Work measured on the seeded city (each rolled back afterwards, see registry.py): the
register import beside a plain `bulk_create` of the same rows, and the round started one
department at a time beside all at once (the seed step)."""

import datetime
import random
import time

from django.core.management import call_command
from django.db import transaction

from .city import City, quiet
from .register_file import import_register, register_rows
from .registry import REGISTRY, Figure, counting, timed


def bulk_create_rows(rows: list[dict], department) -> None:
    """The same rows with a plain `bulk_create`: no file, no checks, no audit events."""
    from insurance.models import Engagement, InsuranceCoverage, Person, Volunteer

    today = datetime.date.today()  # noqa: DTZ011 - a registration date, like the import's
    with transaction.atomic():
        persons = Person.objects.bulk_create(
            [Person(first_name=r["first_name"], last_name=r["last_name"],
                    date_of_birth=r["date_of_birth"], person_key=f"baseline:{n}")
             for n, r in enumerate(rows)],
            batch_size=1000,
        )
        volunteers = Volunteer.objects.bulk_create(
            [Volunteer(person=p, department=department, first_name=r["first_name"],
                       last_name=r["last_name"], date_of_birth=r["date_of_birth"],
                       email=r["email"]) for p, r in zip(persons, rows, strict=True)],
            batch_size=1000,
        )
        Engagement.objects.bulk_create(
            [Engagement(volunteer=v, department=department, start_date=r["start_date"],
                        end_date=r["end_date"]) for v, r in zip(volunteers, rows, strict=True)],
            batch_size=1000,
        )
        InsuranceCoverage.objects.bulk_create(
            [InsuranceCoverage(person=p, insured_from=r["start_date"], registered_on=today)
             for p, r in zip(persons, rows, strict=True)],
            batch_size=1000,
        )


@REGISTRY.workload("register import")
def register_import(city: City, options) -> list[Figure]:
    """`import_volunteers` of a 35,000-row CSV into a new department (read, check, bulk
    import with audit events), again (all unchanged), and a plain bulk_create of the rows."""
    from beleid.services.departments import department_create

    count = options.import_rows
    rows = register_rows(count, random.Random(2024))
    department = department_create(actor=None, name="Bench import", slug="bench-import")
    baseline = department_create(actor=None, name="Bench baseline", slug="bench-baseline")
    first = timed(f"import_volunteers, {count:,} rows (read + check + bulk + audit)",
                  lambda: import_register(rows, department.slug))
    again = timed(f"the same file again ({count:,} already in the register)",
                  lambda: import_register(rows, department.slug))
    plain = timed(f"plain bulk_create of the same {count:,} rows (no checks, no audit)",
                  lambda: bulk_create_rows(rows, baseline))
    expected_ended = sum(1 for row in rows if row["end_date"])
    if first.result["new"] != count or first.result["failed"]:
        raise RuntimeError(f"The import did not register every row: {first.result}")
    if again.result["unchanged"] != count:
        raise RuntimeError(f"The second import changed rows: {again.result}")
    for figure in (first, again, plain):
        figure.note = f"{count / figure.seconds:,.0f} rows/s"
    first.note += (
        f"; {first.seconds / plain.seconds:.1f}x the plain bulk_create; "
        f"{expected_ended:,} rows with an end date"
    )
    return [first, again, plain]


@REGISTRY.workload("round one at a time")
def round_one_department_at_a_time(city: City, options) -> list[Figure]:
    """The baseline of the seed step's round: `start_round --departments <one>` per department
    (the start only: the preparation would follow the commit, and this is rolled back)."""
    from beleid.models import Department

    slugs = list(Department.objects.filter(active=True).values_list("slug", flat=True))
    year = city.year + 1
    with counting() as counter:
        started = time.perf_counter()
        for slug in slugs:
            call_command("start_round", str(year), departments=slug, stdout=quiet())
        seconds, queries = time.perf_counter() - started, counter.count
    return [Figure(
        f"start_round {year} one department at a time ({len(slugs)} times)", seconds, queries,
        f"{seconds / len(slugs) * 1000:.1f} ms per department",
    )]
