"""A permission sweep over every URL of the resolver.

The URLs are taken from `django.urls.get_resolver()`, so a new view is swept as soon as it is
routed; a URL whose kwargs this file cannot fill fails the sweep (add its kwarg to `_fill`).
Every kwarg is filled with an object of department A. Then:

- the coordinator of B is refused (403, 404 or the login page) on every URL that names an
  object of A, on GET and on POST, and no request of B changes a row anywhere;
- a POST by the auditor changes nothing;
- an anonymous visitor is sent to the login page;
- no URL answers 500 for any role; the URLs where A's coordinator or a consultant get 403 are
  printed for review (`pytest -s`).
"""

import datetime

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from beleid.models import Requirement
from beleid.services.documents import document_request
from insurance import services as insurance_services
from insurance.volunteer_import.uploads import import_upload_create
from kennisdeling import training_services
from kennisdeling.knowledge_services import ArticleInput, article_create
from kennisdeling.meeting_services import MeetingInput, meeting_record
from tests.kennisdeling.certified import registration as attended_registration
from tests.kennisdeling.conftest import make_session
from tests.workflows.conftest import start
from workflows.models import ChecklistItem, OnboardingProcess, StepPlanProcess
from workflows.services.checklists import evidence_add_file

PDF = b"%PDF-1.4 sweep"
CSV = b"voornaam;achternaam;geboortedatum;startdatum\nJan;Peeters;01/02/1980;01/03/2025\n"
SWEPT_APPS = ("beleid", "workflows", "insurance", "kennisdeling", "viewflow")
SKIPPED_PREFIXES = ("admin/", "jsi18n/")
PUBLIC_PREFIXES = ("accounts/", "i18n/")
# The framework is the same for every department, and so are the knowledge base and the
# training offer (its sessions; a registration is a department's).
SHARED_PREFIXES = ("beleid/kader/", "kennisdeling/kennis/", "kennisdeling/vormingen/<int:pk>/")
# Kwargs that name no department object: B may legitimately open these pages.
SHARED_KWARGS = {"year", "uidb64", "token"}
LOGIN = "/accounts/login/"

# --------------------------------------------------------------------------- the URL list


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def swept_patterns():
    """(route, pattern) of every routed view, admin and the JS catalogue left out."""
    return [(route, p) for route, p in _patterns() if not route.startswith(SKIPPED_PREFIXES)]


def _kwarg_names(pattern):
    return list(pattern.pattern.regex.groupindex)


# --------------------------------------------------------------------------- the world


@pytest.fixture
def world(framework, department, other_department, coordinator, other_coordinator, consultant,
          auditor, administrator, django_capture_on_commit_callbacks):
    """Departments A and B (B under the welfare decree), a started round for both, a volunteer
    in A and B, one only in A, an onboarding in A, an import upload and evidence in A."""
    other_department.welfare_decree = True
    other_department.save(update_fields=["welfare_decree"])
    start(framework, [department, other_department], actor=consultant,
          capture=django_capture_on_commit_callbacks)
    plan = StepPlanProcess.objects.get(department=department, year=2024)
    item = ChecklistItem.objects.filter(plan_step__process=plan).order_by("pk").first()
    evidence = evidence_add_file(item=item, actor=coordinator,
                                 upload=SimpleUploadedFile("visie.pdf", PDF))
    today = timezone.localdate()
    shared = insurance_services.volunteer_register(
        actor=coordinator, department=department, first_name="Lies", last_name="Van Acker",
        date_of_birth=datetime.date(1990, 5, 17), email="lies@a.example")
    engagement = insurance_services.engagement_start(
        actor=coordinator, volunteer=shared, start_date=today - datetime.timedelta(days=40))
    shared_in_b = insurance_services.volunteer_register(
        actor=other_coordinator, department=other_department, first_name="Lies",
        last_name="Van Acker", date_of_birth=datetime.date(1990, 5, 17))
    insurance_services.engagement_start(
        actor=other_coordinator, volunteer=shared_in_b, start_date=today)
    own = insurance_services.volunteer_register(
        actor=coordinator, department=department, first_name="Zeynep",
        last_name="Vandenbroucke", date_of_birth=datetime.date(1985, 1, 9))
    insurance_services.engagement_start(actor=coordinator, volunteer=own, start_date=today)
    upload = import_upload_create(actor=coordinator, department=department,
                                  file=SimpleUploadedFile("register.csv", CSV))
    client = Client()
    client.force_login(coordinator)
    response = client.post(reverse("onboarding:start:execute"), {
        "first_name": "Bram", "last_name": "De Smet", "date_of_birth": "1992-07-01",
        "email": "bram@example.be", "phone": "", "emergency_contact": "",
        "start_date": today.isoformat(), "tasks": "onthaal", "department": department.pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    onboarding = OnboardingProcess.objects.get(department=department)
    requirement = Requirement.objects.filter(
        Requirement.applicable_filter(department), version=framework).order_by("code").first()
    registration = training_services.registration_create(
        actor=coordinator, session=make_session(consultant), department=department,
        name="Hanne Vandenbroucke", email="hanne@a.example")
    # A document of A: the attendance certificate of a colleague of A, asked for by A's
    # coordinator (made at once: tasks run eagerly here).
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            actor=coordinator, kind="attendance_certificate",
            params={"registration_id": attended_registration(department).pk})
    # The knowledge base (shared) and a consultation meeting A took part in.
    article = article_create(actor=consultant, data=ArticleInput(
        kind="article", title="Een visie schrijven", body="Zo.", owner=consultant,
        status="published", requirement_codes=["VIS-01"]))
    meeting = meeting_record(actor=consultant, data=MeetingInput(
        date=today, title="Overleg met A", departments=[department]))
    return {
        "article": article, "meeting": meeting,
        "department": department, "framework": framework, "requirement": requirement,
        "plan": plan, "item": item, "evidence": evidence, "volunteer": own,
        "shared_volunteer": shared, "shared_in_b": shared_in_b, "engagement": engagement,
        "upload": upload,
        "onboarding": onboarding,
        "registration": registration,
        "document": document,
        # Text only A's pages may show (B's coordinator must never read it).
        "secrets": [department.name, own.last_name, "De Smet"],
        "users": {"coordinator_a": coordinator, "coordinator_b": other_coordinator,
                  "consultant": consultant, "auditor": auditor,
                  "administrator": administrator},
    }


def _task_pk(process, node):
    tasks = {task.flow_task.name: task.pk for task in process.task_set.all()}
    return tasks.get(node, min(tasks.values()))


def _fill(route, pattern, world):
    """The kwargs of `route` filled with objects of department A; KeyError when one is unknown."""
    process = world["onboarding"] if route.startswith("onboarding/") else world["plan"]
    node = route.split("/")[2] if route.count("/") > 3 else ""
    by_name = {
        "slug": world["department"].slug,
        "year": 2024,
        "version": world["framework"].code,
        "process_pk": process.pk,
        "task_pk": _task_pk(process, node) if node else None,
        "uidb64": "MQ",
        "token": "set-password",
    }
    if route.startswith("beleid/kader/"):
        by_name["code"] = world["framework"].code
    elif "/vertaling/" in route:
        by_name["code"] = world["requirement"].code
    if route.startswith("kennisdeling/kennis/artikel/"):
        by_name.update(slug=world["article"].slug, number=1)
    elif route.startswith("kennisdeling/overleg/"):
        by_name["pk"] = world["meeting"].pk
    if route.startswith("workflows/evidence/"):
        by_name["pk"] = world["evidence"].pk
    elif route.startswith("insurance/vrijwilligers/"):
        by_name["pk"] = world["volunteer"].pk
    elif route.startswith("insurance/engagementen/"):
        by_name["pk"] = world["engagement"].pk
    elif "/import/<uuid:pk>" in route:
        by_name["pk"] = world["upload"].pk
    elif route.startswith("kennisdeling/vormingen/inschrijvingen/"):
        by_name["pk"] = world["registration"].pk
    elif route.startswith("kennisdeling/vormingen/"):
        by_name["pk"] = world["registration"].session_id
    elif route.startswith("beleid/documenten/"):
        by_name["pk"] = world["document"].pk
        by_name["kind"] = world["document"].kind
    kwargs = {}
    for name in _kwarg_names(pattern):
        if by_name.get(name) is None:
            raise KeyError(f"{route}: no value for kwarg {name!r}")
        kwargs[name] = by_name[name]
    return kwargs


def _url(route, pattern, world):
    kwargs = _fill(route, pattern, world)
    url = "/" + route
    for name, value in kwargs.items():
        converter_start = url.index("<")
        url = url[:converter_start] + str(value) + url[url.index(">", converter_start) + 1:]
        assert name  # the kwargs come in the order of the route
    return url


def _urls(world):
    return [(route, _url(route, p, world), set(_kwarg_names(p))) for route, p in swept_patterns()]


# --------------------------------------------------------------------------- the state


def _snapshot():
    """Row counts of every model of the swept apps, and the state columns that a refused
    request could flip without adding a row."""
    models = [model for model in apps.get_models()
              if model._meta.app_label in SWEPT_APPS and not model._meta.proxy]
    quote = connection.ops.quote_name
    counts = ", ".join(  # table names from the models, quoted: no user input
        f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in models)  # noqa: S608
    with connection.cursor() as cursor:  # one query for every table
        cursor.execute(f"SELECT {counts}")
        state = dict(zip([model._meta.label for model in models], cursor.fetchone(), strict=True))
    task = apps.get_model("viewflow", "Task")
    process = apps.get_model("viewflow", "Process")
    state["tasks"] = list(task.objects.order_by("pk").values_list("pk", "status", "owner_id"))
    state["processes"] = list(process.objects.order_by("pk").values_list("pk", "status"))
    engagement = apps.get_model("insurance", "Engagement")
    state["engagements"] = list(engagement.objects.order_by("pk").values_list(
        "pk", "status", "end_date"))
    upload = apps.get_model("insurance", "ImportUpload")
    state["uploads"] = list(upload.objects.order_by("pk").values_list("pk", "state"))
    state["items"] = list(ChecklistItem.objects.order_by("pk").values_list(
        "pk", "status", "explanation", "interpretation", "comment"))
    return state


def _changes(before, after):
    return sorted(key for key in before if before[key] != after[key])


def _request(client, user, method, url):
    client.force_login(user) if user is not None else client.logout()
    return getattr(client, method)(url)


def _is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def _refused(client, response, hops=2):
    """403, 404, 405 (a wrong method reveals nothing) or the login page; a redirect to another
    page counts when that page refuses too."""
    if response.status_code in (403, 404, 405) or _is_login_redirect(response):
        return True
    if response.status_code == 302 and hops:
        return _refused(client, client.get(response["Location"]), hops - 1)
    return False


# --------------------------------------------------------------------------- the tests


def test_every_routed_view_is_swept_with_filled_kwargs(world):
    routes = swept_patterns()

    urls = _urls(world)

    assert len(urls) == len(routes) > 300


def _sweep_refusals(world, *, role, methods):
    """Requests of `role` to every URL: (route, method) -> what went wrong."""
    client = Client(raise_request_exception=False)
    user = world["users"][role]
    found = {}
    before = _snapshot()
    for route, url, kwargs in _urls(world):
        names_a_object = bool(kwargs - SHARED_KWARGS) and not route.startswith(
            PUBLIC_PREFIXES + SHARED_PREFIXES)
        for method in methods:
            response = _request(client, user, method, url)
            after = _snapshot()
            problems = []
            if response.status_code >= 500:
                problems.append(f"answers {response.status_code}")
            if role == "coordinator_b" and names_a_object and not _refused(client, response):
                problems.append(f"not refused: {response.status_code}")
            if role == "coordinator_b" and response.status_code == 200 and any(
                secret in response.content.decode(errors="replace") for secret in world["secrets"]
            ):
                problems.append("shows data of A")
            if method == "post" or role == "coordinator_b":
                changed = _changes(before, after)
                if changed and not route.startswith("accounts/"):
                    problems.append(f"changed {changed}")
            if problems:
                found[(role, method, route)] = "; ".join(problems) + f" ({url})"
            before = after
    return found


@pytest.mark.parametrize("role,methods", [
    ("coordinator_b", ("get", "post")),
    ("auditor", ("post",)),
])
def test_a_refused_request_changes_nothing(world, role, methods):
    found = _sweep_refusals(world, role=role, methods=methods)

    assert found == {}, "\n".join(f"{key}: {why}" for key, why in found.items())


def test_anonymous_visitors_are_sent_to_the_login_page(world):
    client = Client(raise_request_exception=False)
    wrong = {}

    for route, url, _ in _urls(world):
        if route.startswith(PUBLIC_PREFIXES):
            continue
        response = client.get(url)
        if not _is_login_redirect(response):
            wrong[route] = response.status_code

    assert wrong == {}


@pytest.mark.parametrize("role", ["coordinator_a", "consultant", "auditor", "administrator"])
def test_no_page_answers_500(world, role, capsys):
    client = Client(raise_request_exception=False)
    user = world["users"][role]
    errors, forbidden = {}, []

    for route, url, _ in _urls(world):
        response = _request(client, user, "get", url)
        if response.status_code >= 500:
            errors[route] = response.status_code
        elif response.status_code == 403:
            forbidden.append(route)

    with capsys.disabled():
        print(f"\n{role}: 403 on {len(forbidden)} URLs:", *forbidden, sep="\n  ")
    assert errors == {}


def test_the_admin_sends_non_staff_to_its_login(world):
    client = Client()
    client.force_login(world["users"]["coordinator_b"])

    response = client.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")


def test_b_sees_its_own_record_of_a_shared_person_and_nothing_of_a_s(world):
    client = Client()
    client.force_login(world["users"]["coordinator_b"])
    a_record = reverse("insurance:volunteer_detail", args=[world["shared_volunteer"].pk])
    b_record = reverse("insurance:volunteer_detail", args=[world["shared_in_b"].pk])

    refused, own = client.get(a_record), client.get(b_record)

    assert (refused.status_code, own.status_code) == (404, 200)
    content = own.content.decode()
    a_start = world["engagement"].start_date
    for secret in (world["department"].name, "lies@a.example", a_start.isoformat(),
                   f"{a_start:%d/%m/%Y}"):
        assert secret not in content


# Register and onboarding URLs: another department's record, engagement, upload, process or
# task answers as one that does not exist (404), so an outsider cannot tell them apart.
SAME_AS_MISSING_PREFIXES = ("insurance/", "onboarding/")


def _missing(url, route, pattern, world):
    """`url` with every object of A replaced by one that does not exist."""
    kwargs = _fill(route, pattern, world)
    for name, value in kwargs.items():
        if name in SHARED_KWARGS:
            continue
        missing = ("bestaat-niet" if name == "slug"
                   else "00000000-0000-0000-0000-000000000000" if "uuid" in route
                   and name == "pk" else 999999)
        url = url.replace(f"/{value}/", f"/{missing}/", 1)
    return url


def test_b_gets_404_for_a_s_register_and_onboarding_objects_as_for_missing_ones(world):
    client = Client(raise_request_exception=False)
    client.force_login(world["users"]["coordinator_b"])
    before = _snapshot()
    different = {}

    for route, pattern in swept_patterns():
        if not route.startswith(SAME_AS_MISSING_PREFIXES) or not (
                set(_kwarg_names(pattern)) - SHARED_KWARGS):
            continue
        url = _url(route, pattern, world)
        missing = _missing(url, route, pattern, world)
        assert missing != url, route
        answers = {method: (getattr(client, method)(url).status_code,
                            getattr(client, method)(missing).status_code)
                   for method in ("get", "post")}
        if answers["get"] != (404, 404) or answers["post"][0] != answers["post"][1]:
            different[route] = answers

    assert different == {}
    assert _changes(before, _snapshot()) == []


@pytest.mark.parametrize("url", [
    "/stepplan/queue/assign/", "/stepplan/inbox/unassign/",
    "/onboarding/queue/assign/", "/onboarding/inbox/unassign/",
])
@pytest.mark.parametrize("selection", ["pks", "select_all"])
def test_b_cannot_take_a_s_tasks_in_bulk(world, url, selection):
    task = apps.get_model("viewflow", "Task")
    open_tasks = task.objects.filter(
        process__in=[world["plan"].pk, world["onboarding"].pk], status__in=["NEW", "ASSIGNED"])
    data = {"_confirm": "1"}
    if selection == "pks":
        data["pk"] = [str(pk) for pk in open_tasks.values_list("pk", flat=True)]
    else:
        data["select_all"] = "1"
    client = Client(raise_request_exception=False)
    client.force_login(world["users"]["coordinator_b"])
    a_tasks = task.objects.filter(process__in=[world["plan"].pk, world["onboarding"].pk])
    audit = apps.get_model("beleid", "AuditEvent").objects.filter(department=world["department"])
    before = (list(a_tasks.order_by("pk").values_list("pk", "status", "owner_id")), audit.count())

    response = client.post(url, data)

    # then: A's task numbers are refused as any other URL of A's tasks (404); "select all"
    # acts on B's own queue or inbox only
    assert response.status_code == (404 if selection == "pks" else 302)
    after = (list(a_tasks.order_by("pk").values_list("pk", "status", "owner_id")), audit.count())
    assert after == before


@pytest.mark.parametrize(("url", "process"), [
    ("/stepplan/queue/assign/", StepPlanProcess), ("/stepplan/inbox/unassign/", StepPlanProcess),
    ("/onboarding/queue/assign/", OnboardingProcess),
    ("/onboarding/inbox/unassign/", OnboardingProcess),
])
@pytest.mark.parametrize("confirmed", [False, True], ids=["asked", "confirmed"])
def test_one_task_of_a_among_b_s_own_refuses_the_whole_bulk_action(
    world, url, process, confirmed
):
    # given: B's own open tasks of the flow, and one task of A's process of that flow
    task = apps.get_model("viewflow", "Task")
    coordinator_b = world["users"]["coordinator_b"]
    a_process = world["plan"] if process is StepPlanProcess else world["onboarding"]
    a_task = task.objects.filter(process=a_process, flow_task_type="HUMAN").order_by("pk").first()
    b_tasks = task.objects.filter(
        process__in=process.objects.exclude(department=world["department"]),
        status__in=["NEW", "ASSIGNED"])
    data = {"pk": [str(pk) for pk in b_tasks.values_list("pk", flat=True)] + [str(a_task.pk)]}
    if confirmed:
        data["_confirm"] = "1"
    client = Client(raise_request_exception=False)
    client.force_login(coordinator_b)
    every_task = task.objects.order_by("pk").values_list("pk", "status", "owner_id")
    events = apps.get_model("beleid", "AuditEvent").objects.count()
    before = list(every_task)

    # when
    response = client.post(url, data)

    # then: 404, and no task of A or B changed
    assert response.status_code == 404
    assert list(every_task) == before
    assert apps.get_model("beleid", "AuditEvent").objects.count() == events


@pytest.mark.parametrize("url", ["/stepplan/queue/assign/", "/onboarding/inbox/unassign/"])
def test_a_task_number_that_is_no_number_answers_404(world, url):
    client = Client()
    client.force_login(world["users"]["coordinator_b"])

    response = client.post(url, {"pk": ["1 OR 1=1"], "_confirm": "1"})

    assert response.status_code == 404


def test_the_snapshot_sees_a_new_audit_event_and_a_flipped_engagement(world):
    from beleid.services.audit import audit_log

    before = _snapshot()

    audit_log(actor=world["users"]["coordinator_a"], event_type="SWEEP_PROBE",
              department=world["department"], obj=world["engagement"])
    apps.get_model("insurance", "Engagement").objects.filter(pk=world["engagement"].pk).update(
        end_date=datetime.date(2030, 1, 1))

    assert _changes(before, _snapshot()) == ["beleid.AuditEvent", "engagements"]
