"""Create the demo city of Ghent: departments, coordinators, consultants, auditor, admin."""

import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from beleid import roles
from beleid.demo import COORDINATOR_NAMES, DEMO_CONSULTANTS, DEMO_DEPARTMENTS, DEMO_PASSWORD
from beleid.models import Department
from beleid.services.departments import coordinator_add, department_create


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
        with transaction.atomic():
            created_departments = self._departments(departments)
            users = self._users()
        self.stdout.write(
            f"Departments: {Department.objects.count()} ({created_departments} new)."
        )
        if volunteers:
            from insurance.demo import seed_volunteers

            count = seed_volunteers(
                departments=list(Department.objects.order_by("pk")[:departments]),
                count=volunteers,
                rng=random.Random(2024),  # noqa: S311 - demo data, reproducible
            )
            self.stdout.write(f"Demo volunteers: {count}.")
        self._print_logins(users)

    def _department_specs(self, count: int):
        for index in range(count):
            if index < len(DEMO_DEPARTMENTS):
                yield DEMO_DEPARTMENTS[index]
            else:
                # Extra departments for benchmarks: numbered local service centres.
                yield (f"Lokaal dienstencentrum {index + 1}", "ocmw", "Zorg", index % 3 == 0)

    def _departments(self, count: int) -> int:
        existing = {department.slug: department for department in Department.objects.all()}
        created = 0
        for index, (name, organisation, cluster, welfare) in enumerate(
            self._department_specs(count)
        ):
            slug = slugify(name)[:80]
            department = existing.get(slug)
            if department is None:
                department = department_create(
                    actor=None, name=name, slug=slug, organisation=organisation,
                    cluster=cluster, welfare_decree=welfare,
                )
                created += 1
            first, last = COORDINATOR_NAMES[index % len(COORDINATOR_NAMES)]
            user = self._user(f"coord-{slug}"[:150], first, last)
            coordinator_add(actor=None, department=department, user=user)
        return created

    def _user(self, username, first_name, last_name, **extra):
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@demo.stad.gent",
                **extra,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _users(self) -> dict[str, list[str]]:
        groups = roles.ensure_role_groups()
        logins = {"consultants": [], "auditor": [], "administrator": []}
        for username, first, last in DEMO_CONSULTANTS:
            user = self._user(username, first, last)
            user.groups.add(groups[roles.CONSULTANT])
            logins["consultants"].append(username)
        auditor = self._user("auditor", "Marc", "Audit")
        auditor.groups.add(groups[roles.AUDITOR])
        logins["auditor"].append(auditor.username)
        admin = self._user("beheerder", "Beheer", "Vrijwilligerspunt", is_staff=True,
                           is_superuser=True)
        admin.groups.add(groups[roles.ADMINISTRATOR])
        logins["administrator"].append(admin.username)
        return logins

    def _print_logins(self, logins):
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
