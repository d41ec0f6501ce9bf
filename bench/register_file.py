"""A department's register file as Excel in Belgium writes it, and its import through the
product's command (`import_volunteers`)."""

import datetime
import io
import random
import re
import tempfile
from pathlib import Path

from django.core.management import call_command

FIRST = ["Lies", "Jan", "An", "Pieter", "Sofie", "Tom", "Els", "Koen", "Hélène", "Jörg",
         "Fatima", "Mehmet", "Olga", "Ruben", "Febe", "Ines"]
LAST = ["Peeters", "Janssens", "Maes", "Van Acker", "De Smet", "Claeys", "Dewaële",
        "El Amrani", "Nowak", "Vermeulen", "De Clercq", "Lambrecht"]
HEADER = "voornaam;achternaam;geboortedatum;startdatum;einddatum;e-mail;telefoon"


def register_rows(count: int, rng: random.Random, *, tag: str = "") -> list[dict]:
    """`count` distinct volunteers (their last names numbered, after `tag`), about 5% with
    an end date."""
    rows = []
    for n in range(count):
        start = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randint(0, 1000))
        end = None
        if rng.random() < 0.05:
            end = start + datetime.timedelta(days=rng.randint(1, 300))
        rows.append({
            "first_name": rng.choice(FIRST), "last_name": f"{rng.choice(LAST)} {tag}{n}",
            "date_of_birth": datetime.date(1940, 1, 1)
            + datetime.timedelta(days=rng.randint(0, 60 * 365)),
            "start_date": start, "end_date": end, "email": f"v{n}@voorbeeld.be",
            "phone": "09 266 00 00",
        })
    return rows


def register_file(rows: list[dict]) -> bytes:
    """The rows as Excel in Belgium writes them: semicolons, Windows-1252, d/m/Y dates."""
    lines = [HEADER]
    for row in rows:
        lines.append(";".join([
            row["first_name"], row["last_name"], row["date_of_birth"].strftime("%d/%m/%Y"),
            row["start_date"].strftime("%d-%m-%Y"),
            row["end_date"].strftime("%d/%m/%Y") if row["end_date"] else "",
            row["email"], row["phone"],
        ]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def imported_counts(output: str) -> dict[str, int]:
    """The counts in `import_volunteers`' closing line."""
    phrases = {
        "new": "new volunteers", "engaged": "engaged again",
        "ended": "engagements ended", "unchanged": "already in the register",
        "failed": "rows failed",
    }
    counts = {}
    for key, phrase in phrases.items():
        match = re.search(rf"(\d+) {phrase}", output)
        if match is None:
            raise RuntimeError(f"import_volunteers said: {output[-500:]}")
        counts[key] = int(match.group(1))
    return counts



def import_register(rows: list[dict], department_slug: str) -> dict[str, int]:
    """`import_volunteers FILE --department SLUG` of the rows; the counts it reports."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "register.csv"
        path.write_bytes(register_file(rows))
        output = io.StringIO()
        call_command("import_volunteers", str(path), department=department_slug, stdout=output)
    return imported_counts(output.getvalue())
