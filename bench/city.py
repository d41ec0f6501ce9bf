"""The seed steps: the city of ten times Ghent, built with the product's own commands (the same
rules, audit events and bulk inserts as `make run`), then the work in flight that the list
pages show."""

import datetime
import io
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .registry import REGISTRY, Figure, counting, timed

FRAMEWORK = settings.FRAMEWORK_DIR / "2024.1.yaml"
# The department whose pages are measured, and who looks at them.
SAMPLE_DEPARTMENT = "bibliotheek-de-krook"
USERNAMES = {
    "coordinator": f"coord-{SAMPLE_DEPARTMENT}", "consultant": "consulent1", "auditor": "auditor",
}


@dataclass
class City:
    year: int
    departments: int
    volunteers: int
    onboardings: int
    sample_slug: str = SAMPLE_DEPARTMENT
    users: dict = field(default_factory=dict)  # role -> user

    def load_users(self) -> None:
        users = get_user_model().objects.in_bulk(USERNAMES.values(), field_name="username")
        self.users = {role: users[username] for role, username in USERNAMES.items()}


def quiet() -> io.StringIO:
    return io.StringIO()


@REGISTRY.seed("framework")
def framework(city: City, options) -> list[Figure]:
    return [
        timed(
            f"load_framework {FRAMEWORK.name} --publish",
            lambda: call_command("load_framework", str(FRAMEWORK), publish=True, stdout=quiet()),
            in_seed_total=True,
        )
    ]


@REGISTRY.seed("demo city")
def demo_city(city: City, options) -> list[Figure]:
    figure = timed(
        f"seed_demo --departments {city.departments} --volunteers {city.volunteers}",
        lambda: call_command(
            "seed_demo", departments=city.departments, volunteers=city.volunteers,
            stdout=quiet(),
        ),
        in_seed_total=True,
    )
    city.load_users()
    return [figure]


@REGISTRY.seed("round")
def round_of_this_year(city: City, options) -> list[Figure]:
    """`start_round` for every department; the checklists are prepared by the Celery task
    of each plan after the commit (run in-process here), timed apart."""
    with counting() as counter:
        started = time.perf_counter()
        with transaction.atomic():  # the preparation waits for this commit
            call_command("start_round", str(city.year), stdout=quiet())
            start_seconds, start_queries = time.perf_counter() - started, counter.count
        prepare_seconds = time.perf_counter() - started - start_seconds
        prepare_queries = counter.count - start_queries
    per = f"{start_seconds / city.departments * 1000:.1f} ms per department"
    return [
        Figure(f"start_round {city.year}: {city.departments} plans started", start_seconds,
               start_queries, per, in_seed_total=True),
        Figure(
            f"their checklists prepared (prepare_plan x {city.departments}, in-process)",
            prepare_seconds, prepare_queries,
            f"{prepare_seconds / city.departments * 1000:.1f} ms per department",
            in_seed_total=True,
        ),
    ]


@REGISTRY.seed("a large department")
def large_department(city: City, options) -> list[Figure]:
    """The sample department imports its register file, so that its register and its audit
    trail are those of a large department (an event per volunteer, engagement and cover)."""
    import random

    from .register_file import import_register, register_rows

    rows = register_rows(options.sample_rows, random.Random(8), tag="K")
    figure = timed(
        f"{city.sample_slug} imports its register: {len(rows):,} volunteers",
        lambda: import_register(rows, city.sample_slug),
    )
    if figure.result["new"] != len(rows):
        raise RuntimeError(f"The sample department's import: {figure.result}")
    return [figure]


INTAKE = {
    "phone": "", "emergency_contact": "", "tasks": "onthaal", "national_number": "",
}


@REGISTRY.seed("onboardings")
def onboardings(city: City, options) -> list[Figure]:
    """Volunteers in onboarding, started through the intake page by their departments'
    coordinators: a dozen in the sample department, one in each next department (not part of
    the seed time: each is a page request)."""
    from beleid.models import Department

    departments = list(
        Department.objects.filter(active=True)
        .exclude(slug=city.sample_slug)
        .order_by("pk")
        .values_list("pk", "slug")[: max(0, city.onboardings - 12)]
    )
    sample = Department.objects.get(slug=city.sample_slug)
    plan = [(sample.pk, city.sample_slug)] * min(12, city.onboardings) + departments
    coordinators = get_user_model().objects.in_bulk(
        [f"coord-{slug}"[:150] for _, slug in plan], field_name="username"
    )
    client = Client()
    start = timezone.localdate() + datetime.timedelta(days=14)
    url = reverse("onboarding:start:execute")

    def intakes():
        refused = 0
        for number, (department_id, slug) in enumerate(plan):
            client.force_login(coordinators[f"coord-{slug}"[:150]])
            response = client.post(url, {
                **INTAKE, "department": department_id, "first_name": "Nieuw",
                "last_name": f"Vrijwilliger {number:04d}", "date_of_birth": "1990-05-17",
                "email": f"nieuw{number}@voorbeeld.be", "start_date": start.isoformat(),
            })
            refused += response.status_code != 302
        return refused

    figure = timed(f"{len(plan)} onboardings started through the intake page", intakes)
    figure.note = f"{figure.seconds / max(1, len(plan)) * 1000:.0f} ms per intake"
    if figure.result:
        figure.note += f"; {figure.result} refused"
    return [figure]


@REGISTRY.seed("work in hand")
def work_in_hand(city: City, options) -> list[Figure]:
    """The sample department's coordinator takes every open task of their department (its
    plan's steps, its onboardings) through the task's assign page: their inbox is not empty."""
    from django.apps import apps
    from viewflow.workflow.models import Process, Task
    from viewflow.workflow.status import STATUS

    coordinator = city.users["coordinator"]
    process_ids = []
    for model in apps.get_models():
        if issubclass(model, Process) and any(f.name == "department" for f in model._meta.fields):
            process_ids += model.objects.filter(department__slug=city.sample_slug).values_list(
                "pk", flat=True
            )
    client = Client()
    client.force_login(coordinator)

    def assign():
        tasks = Task.objects.filter(
            process_id__in=process_ids, status=STATUS.NEW, flow_task_type="HUMAN"
        ).order_by("pk")
        taken = 0
        for task in tasks:
            if task.flow_task.can_assign(coordinator, task):
                url = task.flow_task.reverse("assign", args=[task.process_id, task.pk])
                taken += client.post(url).status_code == 302
        return taken

    figure = timed(f"the coordinator of {city.sample_slug} takes their open tasks", assign)
    figure.note = f"{figure.result} tasks taken"
    return [figure]


@REGISTRY.seed("reviews in flight")
def reviews_in_flight(city: City, options) -> list[Figure]:
    """The office's work in flight, through the pages: the coordinators of every fourth
    department submit their vision step; a consultant approves every second of those and
    returns every fifth with a comment (the rest wait for review). The overview and the homes
    then show every kind of status."""
    from viewflow.workflow.status import STATUS

    from beleid.models import Department
    from workflows.flows import StepPlanFlow
    from workflows.models import ChecklistItem, PlanStep, StepPlanTask

    consultant = city.users["consultant"]
    users = get_user_model().objects.in_bulk(field_name="username")
    slugs = list(Department.objects.order_by("name").values_list("slug", flat=True))[::4]
    client = Client()

    def post_task(process_id, node_name, user, data):
        task = StepPlanTask.objects.get(
            process_id=process_id, flow_task=getattr(StepPlanFlow, node_name),
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
        )
        client.force_login(user)
        url = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
        return client.post(url, data).status_code == 302

    def submit_and_review():
        done = {"submitted": 0, "approved": 0, "returned": 0}
        steps = PlanStep.objects.filter(
            process__department__slug__in=slugs, process__year=city.year, step__code="vision"
        ).select_related("process__department")
        for number, plan_step in enumerate(steps):
            data = {"action": "submit", "vision_text": "Onze visie op vrijwilligerswerk."}
            for item in ChecklistItem.objects.filter(plan_step=plan_step):
                data[f"item-{item.pk}-status"] = "met"
                data[f"item-{item.pk}-explanation"] = "Zo doen we het."
            coordinator = users[f"coord-{plan_step.process.department.slug}"[:150]]
            if not post_task(plan_step.process_id, "vision", coordinator, data):
                continue
            done["submitted"] += 1
            if number % 2 == 0:
                decision = {"decision": "approve", "comment": ""}
            elif number % 5 == 1:
                decision = {"decision": "return", "comment": "Graag de visie concreter maken."}
            else:
                continue
            if post_task(plan_step.process_id, "vision_review", consultant, decision):
                done["approved" if decision["decision"] == "approve" else "returned"] += 1
        return done

    figure = timed(f"{len(slugs)} departments submit their vision step; reviews", submit_and_review)
    figure.note = ", ".join(f"{count} {what}" for what, count in figure.result.items())
    return [figure]


@REGISTRY.seed("statistics")
def statistics_of_the_planner(city: City, options) -> list[Figure]:
    """VACUUM ANALYZE: the planner's statistics of the freshly filled tables, which a running
    database has from autovacuum. Without them PostgreSQL plans for empty tables (a list page
    took 150 ms instead of 35 in the first run)."""
    from django.db import connection

    def analyze():
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    return [timed("VACUUM ANALYZE (what autovacuum does in a running database)", analyze,
                  in_seed_total=True)]
