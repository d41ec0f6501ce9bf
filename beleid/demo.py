"""The demo city: plausible departments of Stad Gent and OCMW Gent and their users (fictional
data). This is beleid's part of `seed_demo` (the `demo` app, above all apps, calls it)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from beleid import roles
from beleid.models import Department
from beleid.services.departments import coordinator_add, department_create

# (name, organisation, cluster, welfare decree)
DEMO_DEPARTMENTS = [
    ("Bibliotheek De Krook", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("STAM - Stadsmuseum Gent", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Design Museum Gent", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("MSK - Museum voor Schone Kunsten", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Huis van Alijn", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Industriemuseum", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Historische Huizen Gent", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Archief Gent", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Dienst Kunsten", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Sportdienst", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Dienst Feesten en Evenementen", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Dienst Toerisme", "stad", "Cultuur, Sport en Vrije Tijd", False),
    ("Jeugddienst", "stad", "Onderwijs, Opvoeding en Jeugd", False),
    ("Dienst Kinderopvang", "stad", "Onderwijs, Opvoeding en Jeugd", False),
    ("Onderwijscentrum Gent", "stad", "Onderwijs, Opvoeding en Jeugd", False),
    ("Stedelijke speelpleinwerking", "stad", "Onderwijs, Opvoeding en Jeugd", False),
    ("Groendienst", "stad", "Publieke Ruimte", False),
    ("Stedelijke kinderboerderijen", "stad", "Publieke Ruimte", False),
    ("Dienst Milieu en Klimaat", "stad", "Stedelijke Ontwikkeling", False),
    ("Dienst Wonen", "stad", "Stedelijke Ontwikkeling", False),
    ("Dienst Outreachend Werken", "stad", "Welzijn en Samenleving", False),
    ("Dienst Welzijn en Gelijke Kansen", "stad", "Welzijn en Samenleving", False),
    ("Dienst Buurtwerk", "stad", "Welzijn en Samenleving", False),
    ("Gezondheidsdienst", "stad", "Welzijn en Samenleving", False),
    ("Dienst Noord-Zuid", "stad", "Welzijn en Samenleving", False),
    ("Dienst Diversiteit en Inburgering", "stad", "Welzijn en Samenleving", False),
    ("Dierenasiel Gent", "stad", "Welzijn en Samenleving", False),
    ("WZC Zonnebloem", "ocmw", "Zorg", True),
    ("WZC De Vijvers", "ocmw", "Zorg", True),
    ("WZC Het Heiveld", "ocmw", "Zorg", True),
    ("WZC Apostelhuizen", "ocmw", "Zorg", True),
    ("WZC De Liberteyt", "ocmw", "Zorg", True),
    ("WZC Wielewaal", "ocmw", "Zorg", True),
    ("WZC De Horizon", "ocmw", "Zorg", True),
    ("Lokaal dienstencentrum Ledeberg", "ocmw", "Zorg", True),
    ("Lokaal dienstencentrum Macharius", "ocmw", "Zorg", True),
    ("Lokaal dienstencentrum De Vlaschaard", "ocmw", "Zorg", True),
    ("Lokaal dienstencentrum Wibier", "ocmw", "Zorg", True),
    ("Lokaal dienstencentrum Sint-Amandsberg", "ocmw", "Zorg", True),
    ("Thuiszorg OCMW Gent", "ocmw", "Zorg", True),
    ("Sociale Dienst OCMW", "ocmw", "Sociale Dienstverlening", False),
    ("Sociaal restaurant De Kiosk", "ocmw", "Sociale Dienstverlening", False),
    ("Dienst Schuldbemiddeling", "ocmw", "Sociale Dienstverlening", False),
    ("Onthaalbalie Sociaal Huis", "ocmw", "Sociale Dienstverlening", False),
]

DEMO_CONSULTANTS = [
    ("adjunct-directeur", "Katrien", "Van Damme"),
    ("consulent1", "Pieter", "De Smet"),
    ("consulent2", "Elif", "Yilmaz"),
    ("consulent3", "Sofie", "Claeys"),
    ("consulent4", "Jonas", "Vermeulen"),
]

COORDINATOR_NAMES = [
    ("An", "Peeters"), ("Bram", "Janssens"), ("Charlotte", "Maes"), ("Dirk", "Jacobs"),
    ("Emma", "Mertens"), ("Fatima", "El Amrani"), ("Geert", "Willems"), ("Hanne", "Goossens"),
    ("Ilse", "Wouters"), ("Jan", "De Clercq"), ("Karim", "Bouzid"), ("Lotte", "Dubois"),
    ("Mieke", "Lambrecht"), ("Nico", "Hermans"), ("Olga", "Nowak"), ("Pieter", "Desmet"),
]

DEMO_PASSWORD = "gent-demo-2024"  # noqa: S105 - a printed demo login, refused in production


@dataclass
class DemoCity:
    departments: list[Department]  # the demo departments, in the order of DEMO_DEPARTMENTS
    created: int  # how many of them this run created
    logins: dict[str, list[str]]  # usernames per role: consultants, auditor, administrator


@transaction.atomic
def seed_city(*, departments: int) -> DemoCity:
    """Create (once) `departments` demo departments (the list above, then numbered local
    service centres for benchmarks), a coordinator for each, the office's consultants, an
    auditor and an administrator. Departments and coordinators go through the services (and
    their audit events); a second call creates nothing.

    Every demo user gets the same password, hashed once: hashing it per user would cost
    about half a second each under production-strength hashers.
    """
    password = make_password(DEMO_PASSWORD)
    specs = list(_department_specs(departments))
    existing = {d.slug: d for d in Department.objects.filter(slug__in=[s[0] for s in specs])}
    seeded, created = [], 0
    for slug, name, organisation, cluster, welfare in specs:
        department = existing.get(slug)
        if department is None:
            department = department_create(
                actor=None, name=name, slug=slug, organisation=organisation,
                cluster=cluster, welfare_decree=welfare,
            )
            created += 1
        seeded.append(department)
    coordinators = _users(
        [(f"coord-{d.slug}"[:150], *_coordinator_name(i), {}) for i, d in enumerate(seeded)],
        password,
    )
    for department in seeded:
        coordinator_add(
            actor=None, department=department, user=coordinators[f"coord-{department.slug}"[:150]]
        )
    return DemoCity(departments=seeded, created=created, logins=_office_users(password))


def _department_specs(count: int):
    """(slug, name, organisation, cluster, welfare decree) of the first `count` departments."""
    for index in range(count):
        if index < len(DEMO_DEPARTMENTS):
            name, organisation, cluster, welfare = DEMO_DEPARTMENTS[index]
        else:
            # Extra departments for benchmarks: numbered local service centres.
            name, organisation, cluster, welfare = (
                f"Lokaal dienstencentrum {index + 1}", "ocmw", "Zorg", index % 3 == 0
            )
        yield slugify(name)[:80], name, organisation, cluster, welfare


def _coordinator_name(index: int) -> tuple[str, str]:
    return COORDINATOR_NAMES[index % len(COORDINATOR_NAMES)]


def _users(specs: list[tuple[str, str, str, dict]], password: str) -> dict:
    """The users (username, first name, last name, extra fields), created in one query where
    missing, with the given password hash. Existing users are left as they are."""
    users = get_user_model().objects
    usernames = [username for username, *_ in specs]
    existing = set(users.filter(username__in=usernames).values_list("username", flat=True))
    users.bulk_create(
        [
            get_user_model()(
                username=username, first_name=first, last_name=last,
                email=f"{username}@demo.stad.gent", password=password, **extra,
            )
            for username, first, last, extra in specs
            if username not in existing
        ],
        batch_size=1000,
    )
    return users.in_bulk(usernames, field_name="username")


def _office_users(password: str) -> dict[str, list[str]]:
    groups = roles.ensure_role_groups()
    consultants = [(username, first, last, {}) for username, first, last in DEMO_CONSULTANTS]
    office = _users(
        [
            *consultants,
            ("auditor", "Marc", "Audit", {}),
            ("beheerder", "Beheer", "Vrijwilligerspunt", {"is_staff": True, "is_superuser": True}),
        ],
        password,
    )
    for username, *_ in consultants:
        office[username].groups.add(groups[roles.CONSULTANT])
    office["auditor"].groups.add(groups[roles.AUDITOR])
    office["beheerder"].groups.add(groups[roles.ADMINISTRATOR])
    return {
        "consultants": [username for username, *_ in consultants],
        "auditor": ["auditor"],
        "administrator": ["beheerder"],
    }
