"""Data stored before issue 13 works after it: migration `insurance.0006` makes today's volunteer
the person and gives every department that has an engagement with them its own record, with
today's name, date of birth, contact details and benefit copied; the engagements move onto it,
the cover stays on the person, and the audit trail names the same person as before."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from beleid import selectors as trail
from beleid.models import AuditEvent

D = datetime.date
BEFORE = [("insurance", "0005_onboarding_moves_to_workflows")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_register(apps, department_id, other_department_id):
    """The register as the code before the split stored it."""
    volunteer = apps.get_model("insurance", "Volunteer")
    engagement = apps.get_model("insurance", "Engagement")
    coverage = apps.get_model("insurance", "InsuranceCoverage")

    def person(first, last, born, **extra):
        return volunteer.objects.create(
            first_name=first, last_name=last, date_of_birth=born,
            person_key=f"{last.lower()}|{first.lower()}|{born.isoformat()}", **extra)

    lies = person("Lies", "Van Acker", D(1990, 5, 17), email="lies@bib.be",
                  phone="09 123 45 67", address="Kouter 1", emergency_contact="Jan",
                  benefit="incapacity", national_number="90051712345")
    mo = person("Mo", "Benali", D(1988, 11, 3), email="mo@bib.be")
    nobody = person("Zonder", "Engagement", D(1970, 1, 1), email="z@bib.be")
    for where, start in ((department_id, D(2024, 6, 3)), (other_department_id, D(2025, 1, 6)),
                         (department_id, D(2023, 1, 2))):
        engagement.objects.create(volunteer=lies, department_id=where, start_date=start,
                                  end_date=D(2023, 12, 31) if start.year == 2023 else None)
    engagement.objects.create(volunteer=mo, department_id=department_id,
                              start_date=D(2025, 2, 1))
    coverage.objects.create(volunteer=lies, insured_from=D(2024, 6, 3),
                            registered_on=D(2024, 6, 3))
    coverage.objects.create(volunteer=mo, insured_from=D(2025, 2, 1),
                            registered_on=D(2025, 2, 1))
    return lies.pk, mo.pk, nobody.pk


@pytest.mark.django_db(transaction=True)
def test_each_department_with_an_engagement_gets_its_own_record_with_todays_data(
    department, other_department, consultant
):
    try:
        # given the register as it was before the split (the person's content type is the
        # old volunteer's, as it was then), with an event about Lies
        executor = migrate(BEFORE)
        ContentType.objects.filter(app_label="insurance", model="person").delete()
        old_apps = executor.loader.project_state(BEFORE).apps
        lies, mo, nobody = old_register(old_apps, department.pk, other_department.pk)
        old_type = ContentType.objects.get(app_label="insurance", model="volunteer")
        event = AuditEvent.objects.create(
            event_type="VOLUNTEER_DATA_VIEWED", department=department, object_type=old_type,
            object_id=str(lies), after={"volunteer_id": lies})

        # when the code's migrations run
        migrate(latest())

        # then the people are persons with the same ids, without contact details
        from insurance.models import Engagement, InsuranceCoverage, Person, Volunteer

        assert list(Person.objects.order_by("pk").values_list(
            "pk", "first_name", "last_name", "date_of_birth", "national_number")) == [
            (lies, "Lies", "Van Acker", D(1990, 5, 17), "90051712345"),
            (mo, "Mo", "Benali", D(1988, 11, 3), ""),
            (nobody, "Zonder", "Engagement", D(1970, 1, 1), ""),
        ]
        # each department with an engagement has its own record, with today's data copied
        records = {
            (row["person_id"], row["department_id"]): row
            for row in Volunteer.objects.values(
                "pk", "person_id", "department_id", "first_name", "last_name",
                "date_of_birth", "email", "phone", "address", "emergency_contact", "benefit")
        }
        lies_data = {"first_name": "Lies", "last_name": "Van Acker",
                     "date_of_birth": D(1990, 5, 17), "email": "lies@bib.be",
                     "phone": "09 123 45 67", "address": "Kouter 1",
                     "emergency_contact": "Jan", "benefit": "incapacity"}
        assert set(records) == {(lies, department.pk), (lies, other_department.pk),
                                (mo, department.pk)}
        for key in [(lies, department.pk), (lies, other_department.pk)]:
            assert {name: records[key][name] for name in lies_data} == lies_data
        assert (records[(mo, department.pk)]["email"],
                records[(mo, department.pk)]["benefit"]) == ("mo@bib.be", "none")
        # the engagements hang on their department's record (two in A, one in B)
        assert sorted(Engagement.objects.values_list(
            "volunteer__person_id", "volunteer__department_id", "department_id",
            "start_date")) == sorted([
            (lies, department.pk, department.pk, D(2024, 6, 3)),
            (lies, department.pk, department.pk, D(2023, 1, 2)),
            (lies, other_department.pk, other_department.pk, D(2025, 1, 6)),
            (mo, department.pk, department.pk, D(2025, 2, 1)),
        ])
        # the cover stays on the person
        assert sorted(InsuranceCoverage.objects.values_list("person_id", "insured_from")) == [
            (lies, D(2024, 6, 3)), (mo, D(2025, 2, 1))]
        # and the event stored before names the same person
        event.refresh_from_db()
        assert (event.object_type.app_label, event.object_type.model) == (
            "insurance", "person")
        with translation.override("nl-be"):
            assert trail.audit_rows([event], consultant)[0].subject == "Lies Van Acker"

        # when the migration is taken back, the person has the contact details again
        executor = migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("insurance", "Volunteer")
        assert old.objects.filter(pk=lies).values_list("email", "benefit").get() == (
            "lies@bib.be", "incapacity")
        assert old.objects.get(pk=mo).engagements.count() == 1
    finally:
        migrate(latest())
