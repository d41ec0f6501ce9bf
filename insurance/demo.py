"""Fictional volunteers for the demo city (called by the demo seeding command)."""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from beleid.models import AuditEventType, Department
from beleid.services.audit import audit_log

from .models import (
    Benefit,
    BenefitDeclaration,
    Engagement,
    InformationNote,
    Person,
    Volunteer,
    person_key,
)
from .services.coverage import coverage_register_many

FIRST_NAMES = [
    "Lies", "Jan", "An", "Pieter", "Sofie", "Tom", "Els", "Koen", "Katrien", "Bart", "Hanne",
    "Wim", "Lotte", "Jonas", "Marie", "Stijn", "Emma", "Bram", "Nele", "Dirk", "Fien", "Geert",
    "Lore", "Joris", "Ines", "Ruben", "Hilde", "Seppe", "Eline", "Luc", "Fatima", "Mohamed",
    "Yasmina", "Karim", "Elif", "Mehmet", "Olga", "Tomasz", "Amina", "Youssef", "Griet",
    "Mathias", "Febe", "Arne", "Rita", "Marc", "Jef", "Mieke", "Lander", "Jolien",
]
LAST_NAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Hermans", "Van Acker", "De Clercq", "Lambrecht",
    "Vermeulen", "Desmet", "Van Damme", "Claeys", "De Vos", "Verhaeghe", "Van de Velde",
    "Martens", "De Backer", "Vandenberghe", "Coppens", "De Wilde", "Verstraete", "Bauwens",
    "Van Hecke", "El Amrani", "Bouzid", "Yilmaz", "Nowak", "Benali", "Demir", "De Meyer",
    "Baert", "Van Hoorebeke", "De Cock", "Vanhove", "Mortier", "Roels", "Declercq", "Stevens",
]
TASKS = [
    "onthaal", "begeleiding bewoners", "voorlezen", "rondleidingen", "tuinonderhoud",
    "evenementen", "bar", "huiswerkbegeleiding", "vervoer", "administratie", "kookploeg",
]


@dataclass
class _Person:
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    benefit: str
    engagements: list = field(default_factory=list)  # (department, start, end, tasks)


def _generate(departments, count, rng, today) -> list[_Person]:
    """Deterministic for the same rng seed, whatever the database holds."""
    people, keys = [], set()
    ordered = sorted(departments, key=lambda d: d.slug)
    while len(people) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        born = today - datetime.timedelta(days=rng.randint(16 * 365, 85 * 365))
        key = person_key(first, last, born)
        if key in keys:
            continue
        keys.add(key)
        benefit = Benefit.NONE
        if rng.random() < 0.25:
            benefit = rng.choice([Benefit.UNEMPLOYED, Benefit.INCAPACITY, Benefit.LIVING_WAGE])
        person = _Person(first, last, born, benefit)
        home = ordered[len(people) % len(ordered)]
        chosen = [home]
        if rng.random() < 0.05 and len(ordered) > 1:
            chosen.append(rng.choice([d for d in ordered if d.pk != home.pk]))
        for department in chosen:
            start = today - datetime.timedelta(days=rng.randint(0, 3 * 365))
            end = None
            if rng.random() < 0.08:
                end = min(today, start + datetime.timedelta(days=rng.randint(30, 400)))
            person.engagements.append((department, start, end, rng.choice(TASKS)))
        people.append(person)
    return people


# Rows per query: SQLite allows some thirty thousand parameters in one statement.
CHUNK = 2000


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _existing_keys(keys: list[str]) -> set[str]:
    return {
        key
        for chunk in _chunks(keys)
        for key in Person.objects.filter(person_key__in=chunk)
        .values_list("person_key", flat=True)
    }


@transaction.atomic
def seed_volunteers(*, departments: list[Department], count: int, rng: random.Random) -> int:
    """Create `count` fictional persons as volunteers of `departments` (about 5% in two,
    each department with its own record of them; a quarter with a duty to report, most with
    an information note), insured by the insured-once rule of the register
    (`services.coverage`), as an import would insure them.

    Idempotent: a second call with the same arguments creates nothing. Returns how many of
    the demo volunteers exist afterwards. Bulk inserts: 35,000 volunteers in seconds.
    """
    if not departments or count <= 0:
        return 0
    today = timezone.localdate()
    people = _generate(departments, count, rng, today)
    # A fixed note/declaration pattern per person, drawn before looking at the database.
    draws = [(rng.random(), rng.random(), rng.randint(0, 20)) for _ in people]
    all_keys = [person_key(p.first_name, p.last_name, p.date_of_birth) for p in people]
    existing = _existing_keys(all_keys)
    todo = [(p, d) for p, d, key in zip(people, draws, all_keys, strict=True)
            if key not in existing]
    if todo:
        _create(todo, today)
        audit_log(actor=None, event_type=AuditEventType.VOLUNTEERS_SEEDED,
                  after={"created": len(todo), "requested": count})
    return len(existing) + len(todo)


def _create(todo, today) -> None:
    persons = [
        Person(first_name=p.first_name, last_name=p.last_name, date_of_birth=p.date_of_birth,
               person_key=person_key(p.first_name, p.last_name, p.date_of_birth))
        for p, _draw in todo
    ]
    Person.objects.bulk_create(persons, batch_size=CHUNK)
    # Each department its own record of the person, with what it knows of them.
    records = [
        (Volunteer(person=person, department=department, first_name=p.first_name,
                   last_name=p.last_name, date_of_birth=p.date_of_birth, benefit=p.benefit,
                   email=f"{p.first_name}.{p.last_name}".lower().replace(" ", "")
                   + "@voorbeeld.be"), draw, [(start, end, tasks)])
        for person, (p, draw) in zip(persons, todo, strict=True)
        for department, start, end, tasks in p.engagements
    ]
    Volunteer.objects.bulk_create([volunteer for volunteer, _d, _e in records],
                                  batch_size=CHUNK)
    by_volunteer: dict[int, list[Engagement]] = {
        volunteer.pk: [
            Engagement(volunteer=volunteer, department=volunteer.department, start_date=start,
                       end_date=end, tasks=tasks)
            for start, end, tasks in periods
        ]
        for volunteer, _draw, periods in records
    }
    Engagement.objects.bulk_create([e for own in by_volunteer.values() for e in own],
                                   batch_size=CHUNK)
    # The cover through the register's one rule, a few thousand records at a time (a
    # person in two departments is insured once).
    for chunk in _chunks(list(by_volunteer.values())):
        coverage_register_many(actor=None, engagements=[e for own in chunk for e in own])
    notes, declarations = [], []
    for volunteer, draw, _periods in records:
        _proofs(volunteer, by_volunteer[volunteer.pk], draw, today, notes, declarations)
    InformationNote.objects.bulk_create(notes, batch_size=CHUNK)
    BenefitDeclaration.objects.bulk_create(declarations, batch_size=CHUNK)


def _proofs(volunteer, own, draw, today, notes: list, declarations: list) -> None:
    """The information notes (most in time, some late, some missing) and declarations of
    one department volunteer's engagements."""
    note_draw, declaration_draw, days = draw
    for engagement in own:
        if note_draw < 0.9:  # informed in time
            given = engagement.start_date - datetime.timedelta(days=days)
        elif note_draw < 0.95:  # informed late
            given = min(today, engagement.start_date + datetime.timedelta(days=days + 1))
        else:
            continue
        notes.append(InformationNote(
            engagement=engagement, given_on=given,
            method=[InformationNote.Method.PAPER, InformationNote.Method.EMAIL,
                    InformationNote.Method.DIGITAL][days % 3],
            agreement_note=engagement.department.welfare_decree,
        ))
        if volunteer.benefit != Benefit.NONE and declaration_draw < 0.8:
            filed = engagement.start_date - datetime.timedelta(days=days)
            answered = days % 2 == 0 and filed + datetime.timedelta(days=10) <= today
            declarations.append(BenefitDeclaration(
                engagement=engagement,
                kind=BenefitDeclaration.KIND_FOR_BENEFIT[volunteer.benefit],
                filed_on=filed,
                answer=(BenefitDeclaration.Answer.ACCEPTED if answered
                        else BenefitDeclaration.Answer.NONE),
                answered_on=filed + datetime.timedelta(days=10) if answered else None,
            ))
