"""python manage.py import_volunteers FILE --department SLUG [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beleid.models import Department
from insurance.volunteer_import.file_reader import ImportFileError, read_register_file
from insurance.volunteer_import.row_writer import ImportReport, volunteers_import

# Files of more rows than this show their progress per batch.
PROGRESS_FROM_ROWS = 5000


class Command(BaseCommand):
    help = "Import a department's volunteer list (CSV or XLSX) into the register."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", required=True, help="slug of the department")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, file, department, dry_run, **options):
        try:
            target = Department.objects.get(slug=department)
        except Department.DoesNotExist as error:
            raise CommandError(f"Unknown department: {department}") from error
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            rows = read_register_file(data)
        except ImportFileError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from error

        def progress(done, total):
            if total >= PROGRESS_FROM_ROWS:
                self.stdout.write(f"  {done}/{total} rows")

        report = volunteers_import(
            actor=None, department=target, rows=rows, dry_run=dry_run, progress=progress
        )
        for row in report.rows:
            if row.status == ImportReport.ERROR:
                self.stderr.write(f"line {row.line}: {row.reason}")
                continue
            if options["verbosity"] >= 2:
                self.stdout.write(f"line {row.line}: {row.status}")
            for warning in row.warnings:
                self.stderr.write(f"line {row.line}: warning: {warning}")
        counts = report.counts
        self.stdout.write(
            f"{'Checked (dry run, nothing written)' if dry_run else 'Imported'}: "
            f"{counts['new']} new volunteers, {counts['new_here']} new in the department "
            f"(already on the city's insurance), {counts['engaged']} engaged again, "
            f"{counts['ended']} engagements ended, {counts['insured']} insured again, "
            f"{counts['unchanged']} already in the register, {counts['error']} rows failed, "
            f"{len(report.warned)} imported with a warning."
        )
        if report.failed:
            raise CommandError(f"{counts['error']} rows failed; see the lines above.")
