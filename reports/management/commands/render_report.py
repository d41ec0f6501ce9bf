"""Make a report at once, through the same pipeline as the auditors' pages (archived, with its
verification code and signature), and write it to a file:

    python manage.py render_report department SLUG --year YYYY [--as-of DATE] --out FILE
    python manage.py render_report city --year YYYY --out FILE
    python manage.py render_report insurance --as-of DATE --out FILE
"""

import datetime
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from beleid.documents import get_kind
from beleid.documents.rendering import document_render_now
from beleid.models import Department, Document

KINDS = {"department": "department_report", "city": "city_report",
         "insurance": "insurance_extract"}


def _day(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise CommandError(f"Geen geldige datum (JJJJ-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Maak een rapport (PDF) en schrijf het naar een bestand."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=sorted(KINDS))
        parser.add_argument("slug", nargs="?", help="de dienst (department)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--as-of", dest="as_of")
        parser.add_argument("--out", required=True)
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def params(self, options) -> dict:
        report = options["report"]
        as_of = _day(options["as_of"]) if options["as_of"] else None
        if report == "department":
            if not options["slug"] or options["year"] is None:
                raise CommandError("Geef de dienst (SLUG) en --year.")
            department = Department.objects.filter(slug=options["slug"]).first()
            if department is None:
                raise CommandError(f"Geen dienst met slug {options['slug']}.")
            return {"department_id": department.pk, "year": options["year"], "as_of": as_of}
        if report == "city":
            if options["year"] is None:
                raise CommandError("Geef --year.")
            return {"year": options["year"]}
        if as_of is None:
            raise CommandError("Geef --as-of.")
        return {"as_of": as_of, "insurer_copy": False}

    def handle(self, *args, **options):
        kind = KINDS[options["report"]]
        if get_kind(kind) is None:
            raise CommandError("Dit soort rapport bestaat (nog) niet.")
        params = self.params(options)
        document = document_render_now(kind=kind, params=params, language=options["language"])
        if document.state != Document.State.READY:
            raise CommandError(f"Het rapport is niet gemaakt: {document.message}")
        with document.file.open("rb") as source:
            pdf = source.read()
        Path(options["out"]).write_bytes(pdf)
        self.stdout.write(f"{options['out']}\n")
        self.stdout.write(f"Controlecode: {document.verification_code}\n")
        self.stdout.write(f"SHA-256: {hashlib.sha256(pdf).hexdigest()}\n")
