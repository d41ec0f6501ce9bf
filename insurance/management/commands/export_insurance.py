"""python manage.py export_insurance --format csv|xlsx [--changes-since DATE] [--out FILE]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from insurance.exporters import export_filename, insurer_list_export_whole_city
from insurance.volunteer_import.row_checker import parse_date


class Command(BaseCommand):
    help = "Write the insurer's list: everyone insured, or additions and removals since a date."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--changes-since", help="dd/mm/yyyy or yyyy-mm-dd")
        parser.add_argument("--out", help="file to write (default: a dated name; - for stdout)")

    def handle(self, *args, format, changes_since, out, **options):
        since = None
        if changes_since:
            try:
                since = parse_date(changes_since)
            except ValueError as error:
                raise CommandError(f"Not a date: {changes_since}") from error
        content = insurer_list_export_whole_city(fmt=format, since=since)
        if out == "-":
            sys.stdout.buffer.write(content)
            return
        path = Path(out or export_filename(fmt=format, since=since))
        path.write_bytes(content)
        self.stdout.write(f"Wrote {path}")
