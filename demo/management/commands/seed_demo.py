"""Create the demo city of Ghent: each app seeds its own part, in the order of the layers."""

import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from beleid.demo import DEMO_DEPARTMENTS, DEMO_PASSWORD, seed_city
from beleid.models import Department
from insurance.demo import seed_volunteers
from kennisdeling.demo import seed_training
from kennisdeling.knowledge_demo import seed_knowledge


class Command(BaseCommand):
    help = "Create (once) the demo city: 40+ departments of Stad and OCMW Gent and their users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--departments", type=int, default=len(DEMO_DEPARTMENTS),
            help="Number of departments (more than the list adds numbered ones, for benchmarks).",
        )
        parser.add_argument(
            "--volunteers", type=int, default=0,
            help="Number of demo volunteers spread over the departments (insurance register).",
        )

    def handle(self, *args, departments: int, volunteers: int, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("seed_demo refuses to run under production settings.")
        if departments < 1:
            raise CommandError("--departments must be at least 1.")
        city = seed_city(departments=departments)
        seed_training(departments=city.departments)  # issue 9: training (once)
        self.stdout.write(f"Departments: {Department.objects.count()} ({city.created} new).")
        if volunteers:
            count = seed_volunteers(
                departments=city.departments,
                count=volunteers,
                rng=random.Random(2024),  # noqa: S311 - demo data, reproducible
            )
            self.stdout.write(f"Demo volunteers: {count}.")
        knowledge = seed_knowledge()
        self.stdout.write(
            f"Knowledge base: {knowledge['articles']} new articles, "
            f"{knowledge['meetings']} new consultation meetings."
        )
        self._print_logins(city.logins)

    def _print_logins(self, logins: dict[str, list[str]]) -> None:
        example = Department.objects.order_by("name").first()
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"  administrator: {', '.join(logins['administrator'])}")
        self.stdout.write(f"  consultants (Vrijwilligerspunt): {', '.join(logins['consultants'])}")
        self.stdout.write(f"  auditor: {', '.join(logins['auditor'])}")
        if example:
            self.stdout.write(
                f"  coordinators: coord-<department slug>, e.g. coord-{example.slug}"
            )
