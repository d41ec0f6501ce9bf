"""The person and a department's record of them become separate (issue 13).

Today's volunteer record becomes the person (`Person`: its table is renamed, its ids and its
content type stay, so the audit trail's "vrijwilliger 177" goes on naming the same person);
the cover hangs on the person. Every department that has an engagement with a person gets a
record of its own (`Volunteer`), with today's name, date of birth, contact details and benefit
copied, and its engagements move onto it. Contact details and benefit then leave the person.

A person without any engagement gets no department record (no department registered them
for work); their contact details go. Reversible: going back puts the contact details and
benefit of each person's first department record back on the person.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery

COPIED = ("first_name", "last_name", "date_of_birth", "email", "phone", "address",
          "emergency_contact", "benefit", "anonymised_at")
CONTACT = ("email", "phone", "address", "emergency_contact", "benefit")
CHUNK = 2000


def _person_content_type(apps, schema_editor):
    """The content type of the old volunteer becomes the person's (`migrate` does this for a
    renamed model; this also holds when the migration runs without the command)."""
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not content_type.objects.using(db).filter(app_label="insurance", model="person").exists():
        content_type.objects.using(db).filter(app_label="insurance", model="volunteer").update(
            model="person")


def split(apps, schema_editor):
    """One department record per (person, department) with an engagement; the engagements
    point to it."""
    _person_content_type(apps, schema_editor)
    person = apps.get_model("insurance", "Person")
    volunteer = apps.get_model("insurance", "Volunteer")
    engagement = apps.get_model("insurance", "Engagement")
    db = schema_editor.connection.alias
    pairs = sorted(set(engagement.objects.using(db).values_list("person_id", "department_id")))
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start:start + CHUNK]
        persons = person.objects.using(db).in_bulk({person_id for person_id, _ in chunk})
        volunteer.objects.using(db).bulk_create([
            volunteer(person_id=person_id, department_id=department_id,
                      **{name: getattr(persons[person_id], name) for name in COPIED})
            for person_id, department_id in chunk
        ])
    engagement.objects.using(db).update(volunteer_id=Subquery(
        volunteer.objects.using(db).filter(
            person_id=OuterRef("person_id"), department_id=OuterRef("department_id"))
        .order_by("pk").values("pk")[:1]
    ))


def merge_back(apps, schema_editor):
    """Going back: each person gets the contact details and benefit of their first department
    record again, and the engagements point to the person."""
    person = apps.get_model("insurance", "Person")
    volunteer = apps.get_model("insurance", "Volunteer")
    engagement = apps.get_model("insurance", "Engagement")
    db = schema_editor.connection.alias
    engagement.objects.using(db).update(person_id=Subquery(
        volunteer.objects.using(db).filter(pk=OuterRef("volunteer_id")).values("person_id")[:1]
    ))
    first = {}
    for record in volunteer.objects.using(db).order_by("-pk"):
        first[record.person_id] = record
    persons = list(person.objects.using(db).filter(pk__in=first))
    for one in persons:
        for name in CONTACT:
            setattr(one, name, getattr(first[one.pk], name))
    person.objects.using(db).bulk_update(persons, CONTACT, batch_size=CHUNK)


class Migration(migrations.Migration):

    dependencies = [
        ("beleid", "0003_verbose_names"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("insurance", "0005_onboarding_moves_to_workflows"),
    ]

    operations = [
        # Constraints name the fields that are renamed: off first, on again at the end.
        migrations.RemoveConstraint(model_name="volunteer",
                                    name="volunteer_one_record_per_person"),
        migrations.RemoveConstraint(model_name="volunteer",
                                    name="volunteer_unique_national_number"),
        migrations.RemoveConstraint(model_name="engagement", name="engagement_once_per_start"),
        migrations.RemoveConstraint(model_name="insurancecoverage",
                                    name="coverage_one_open_period"),
        # Today's volunteer is the person.
        migrations.RenameModel(old_name="Volunteer", new_name="Person"),
        migrations.RenameField(model_name="engagement", old_name="volunteer", new_name="person"),
        migrations.RenameField(model_name="insurancecoverage", old_name="volunteer",
                               new_name="person"),
        migrations.CreateModel(
            name="Volunteer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("first_name", models.CharField(max_length=100, verbose_name="first name")),
                ("last_name", models.CharField(max_length=100, verbose_name="last name")),
                ("date_of_birth", models.DateField(null=True, verbose_name="date of birth")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                ("address", models.CharField(blank=True, max_length=300,
                                             verbose_name="address")),
                ("emergency_contact", models.CharField(blank=True, max_length=200,
                                                       verbose_name="emergency contact")),
                ("benefit", models.CharField(
                    choices=[
                        ("none", "No benefit (no duty to report)"),
                        ("unemployed", "Unemployment benefit (form C45B, RVA/ONEM)"),
                        ("incapacity", "Incapacity for work (mutualiteit)"),
                        ("living_wage", "Living wage (OCMW)"),
                    ],
                    default="none", max_length=20, verbose_name="benefit")),
                ("created_at", models.DateTimeField(auto_now_add=True,
                                                    verbose_name="created at")),
                ("anonymised_at", models.DateTimeField(blank=True, null=True,
                                                       verbose_name="anonymised at")),
                ("department", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="volunteers",
                    to="beleid.department", verbose_name="department")),
                ("person", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="volunteers",
                    to="insurance.person", verbose_name="person")),
            ],
            options={
                "verbose_name": "volunteer",
                "verbose_name_plural": "volunteers",
                "ordering": ["last_name", "first_name", "id"],
            },
        ),
        migrations.AddField(
            model_name="engagement",
            name="volunteer",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE,
                related_name="engagements", to="insurance.volunteer", verbose_name="volunteer"),
        ),
        # The old link may be empty before it goes, so that going back can fill it again.
        migrations.AlterField(
            model_name="engagement",
            name="person",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="insurance.person", verbose_name="person"),
        ),
        migrations.RunPython(split, merge_back),
        migrations.AlterField(
            model_name="engagement",
            name="volunteer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="engagements",
                to="insurance.volunteer", verbose_name="volunteer"),
        ),
        migrations.RemoveField(model_name="engagement", name="person"),
        # What a department records leaves the person.
        *(migrations.RemoveField(model_name="person", name=name) for name in CONTACT),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["last_name", "first_name", "id"],
                "permissions": [("view_register_extract",
                                 "Can view personal data of the volunteer register")],
                "verbose_name": "person",
                "verbose_name_plural": "persons",
            },
        ),
        migrations.AlterField(
            model_name="insurancecoverage",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="coverages",
                to="insurance.person", verbose_name="person"),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=Q(anonymised_at__isnull=True), fields=("person_key",),
                name="person_one_record_per_person"),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=~Q(national_number=""), fields=("national_number",),
                name="person_unique_national_number"),
        ),
        migrations.AddConstraint(
            model_name="volunteer",
            constraint=models.UniqueConstraint(
                condition=Q(anonymised_at__isnull=True), fields=("person", "department"),
                name="volunteer_once_per_department"),
        ),
        migrations.AddIndex(
            model_name="volunteer",
            index=models.Index(fields=["department", "last_name", "first_name"],
                               name="volunteer_department_names"),
        ),
        migrations.AddConstraint(
            model_name="engagement",
            constraint=models.UniqueConstraint(fields=("volunteer", "start_date"),
                                               name="engagement_once_per_start"),
        ),
        migrations.AddConstraint(
            model_name="insurancecoverage",
            constraint=models.UniqueConstraint(
                condition=Q(insured_to__isnull=True), fields=("person",),
                name="coverage_one_open_period"),
        ),
    ]

