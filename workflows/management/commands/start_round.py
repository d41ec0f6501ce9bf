"""python manage.py start_round YEAR [--departments slug,slug] [--framework CODE] [--due DATE]
[--skip-started]"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from beleid.models import Department, FrameworkVersion, Step
from workflows.services import WorkflowError
from workflows.services.rounds import round_start


class Command(BaseCommand):
    help = "Start the yearly round of the step plan for all active departments, or some."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--departments", default="", help="slugs, comma-separated")
        parser.add_argument(
            "--framework", default="", help="framework version code (default: the published one)"
        )
        parser.add_argument(
            "--due",
            type=datetime.date.fromisoformat,
            help="due date of every step, YYYY-MM-DD (default: 1 December of YEAR)",
        )

        parser.add_argument(
            "--skip-started",
            action="store_true",
            help="leave out the departments already started for YEAR (instead of refusing)",
        )

    def handle(self, *args, year, departments, framework, due, skip_started, **options):
        versions = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
        version = versions.filter(code=framework).first() if framework else versions.first()
        if version is None:
            raise CommandError(f"No published framework version {framework}".strip())
        slugs = [slug.strip() for slug in departments.split(",") if slug.strip()]
        chosen = Department.objects.filter(active=True).order_by("name")
        if slugs:
            chosen = Department.objects.filter(slug__in=slugs).order_by("name")
            unknown = sorted(set(slugs) - set(chosen.values_list("slug", flat=True)))
            if unknown:
                raise CommandError(f"Unknown departments: {', '.join(unknown)}")
        if skip_started:
            chosen = chosen.exclude(step_plans__year=year)
            if not chosen.exists():
                self.stdout.write(f"Round {year}: every department has been started already.")
                return
        due = due or datetime.date(year, 12, 1)
        chosen = list(chosen)
        try:
            round_ = round_start(
                year=year,
                framework_version=version,
                departments=chosen,
                due_dates={kind.value: due for kind in Step.Kind},
            )
        except WorkflowError as error:
            raise CommandError("\n".join(error.errors)) from error
        self.stdout.write(
            f"Round {round_.year} (framework {version.code}): {len(chosen)} department(s) started, "
            f"due {due.isoformat()}."
        )
