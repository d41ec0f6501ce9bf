"""Test data. Prefer the services for state changes; these build the plain starting data."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from beleid import roles
from beleid.models import Department, FrameworkVersion, QualityLine, Requirement, Step


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    # Staff names from a fixed list that no test uses for a volunteer: a random name could be
    # "Van Acker" and make "no volunteer names on this page" fail for the wrong reason.
    first_name = factory.Iterator(["Veerle", "Koen", "Sofie", "Pieter", "Elke", "Bart"])
    last_name = factory.Iterator(["Verhulst", "Michiels", "Lemmens", "Dierickx", "Coppens"])
    email = factory.LazyAttribute(lambda u: f"{u.username}@stad.gent.test")
    password = factory.django.Password("geheim-wachtwoord")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Dienst {n}")
    slug = factory.Sequence(lambda n: f"dienst-{n}")
    organisation = Department.Organisation.STAD
    cluster = "Cultuur, Sport en Vrije Tijd"
    welfare_decree = False


def coordinator_of(*departments, username=None):
    user = UserFactory(**({"username": username} if username else {}))
    for department in departments:
        department.coordinators.add(user)
    return user


def user_with_role(role, username=None):
    user = UserFactory(**({"username": username} if username else {}))
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def consultant(username=None):
    return user_with_role(roles.CONSULTANT, username)


def auditor(username=None):
    return user_with_role(roles.AUDITOR, username)


def administrator(username=None):
    user = user_with_role(roles.ADMINISTRATOR, username)
    user.is_staff = True
    user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def published_framework(code="2024.1", requirements_per_step=2):
    """A small published framework: the four mission steps, `requirements_per_step` each,
    plus one agreement-note requirement that applies to welfare-decree departments only."""
    version = FrameworkVersion.objects.create(
        code=code,
        title=f"Minimaal kader {code}",
        status=FrameworkVersion.Status.PUBLISHED,
        published_on=datetime.date(2024, 1, 15),
    )
    line = QualityLine.objects.create(version=version, code="KL1", title="Kwaliteitslijn 1")
    prefixes = {"vision": "VIS", "onboarding": "ONB", "insurance": "VRZ", "training": "VRM"}
    for order, (kind, prefix) in enumerate(prefixes.items()):
        step = Step.objects.create(
            version=version, quality_line=line, code=kind, title=kind.title(), order=order
        )
        for n in range(1, requirements_per_step + 1):
            Requirement.objects.create(
                version=version,
                step=step,
                code=f"{prefix}-{n:02d}",
                title=f"Vereiste {prefix}-{n:02d}",
                order=n,
            )
    onboarding = version.steps.get(code="onboarding")
    Requirement.objects.create(
        version=version,
        step=onboarding,
        code="ONB-99",
        title="Ondertekende afsprakennota",
        applies_to=Requirement.AppliesTo.WELFARE_DECREE,
        order=99,
    )
    return version


def active_volunteer(department, *, actor=None, first_name="Lies", last_name="Van Acker",
                     date_of_birth=datetime.date(1990, 5, 17), start_date=None):
    """A volunteer registered, informed (the information note a week before the start) and
    engaged in `department` through the services (so insured from the start): what a
    department needs before its insurance and onboarding steps can be met."""
    from django.utils import timezone

    from insurance import services

    volunteer = services.volunteer_register(
        actor=actor, department=department, first_name=first_name, last_name=last_name,
        date_of_birth=date_of_birth,
    )
    start_date = start_date or timezone.localdate() - datetime.timedelta(days=30)
    engagement = services.engagement_start(
        actor=actor, volunteer=volunteer, start_date=start_date,
    )
    services.information_note_record(
        actor=actor, engagement=engagement, given_on=start_date - datetime.timedelta(days=7),
        method="paper", agreement_note=department.welfare_decree,
    )
    return volunteer


def basic_training_attended(
    department,
    *,
    coordinator=None,
    office=None,
    days_ago=30,
    title="Basisvorming vrijwilligerscoördinator",
):
    """A coordinator of `department` attended (present) a basic-training session `days_ago`
    days ago, through the training services (published, registered before the deadline,
    attendance recorded after the start): what the training step needs to be met."""
    import time_machine
    from django.utils import timezone

    from kennisdeling import training_services

    coordinator = coordinator or department.coordinators.order_by("pk").first()
    office = office or consultant()
    starts_at = timezone.now() - datetime.timedelta(days=days_ago)
    with time_machine.travel(starts_at - datetime.timedelta(days=14), tick=False):
        session = training_services.session_create(
            actor=office,
            title=title,
            provider="Vrijwilligerspunt Gent",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            place="Stadhuis, Gent",
            is_basic_training=True,
            capacity=20,
            registration_deadline=starts_at - datetime.timedelta(days=2),
        )
        training_services.session_publish(actor=office, session=session)
        registration = training_services.registration_create(
            actor=coordinator, session=session, department=department, user=coordinator
        )
    with time_machine.travel(starts_at + datetime.timedelta(hours=4), tick=False):
        training_services.session_attendance_record(
            actor=office, session=session, attendance={registration.pk: "present"}
        )
    return registration
