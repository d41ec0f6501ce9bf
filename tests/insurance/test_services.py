import datetime

import pytest
from django.core.exceptions import ValidationError

from beleid.models import AuditEvent
from insurance import services
from insurance.models import (
    Benefit,
    BenefitDeclaration,
    Engagement,
    InformationNote,
    InsuranceCoverage,
    Person,
    Volunteer,
)

from .conftest import also_in


def test_an_engagement_insures_the_volunteer_from_its_start_date(register):
    # when
    volunteer, engagement = register(start=datetime.date(2025, 3, 1))
    # then
    cover = InsuranceCoverage.objects.get(person=volunteer.person)
    assert (cover.insured_from, cover.insured_to, cover.registered_on) == (
        datetime.date(2025, 3, 1), None, datetime.date(2025, 3, 14))
    assert list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True)) == [
        "VOLUNTEER_REGISTERED", "ENGAGEMENT_STARTED", "VOLUNTEER_INSURED"]


def test_a_person_in_two_departments_is_one_person_insured_once_with_a_record_in_each(
    register, department, other_department
):
    # given
    first, _ = register(start=datetime.date(2025, 3, 1), email="lies@bib.be")
    # when the same person (other spelling of case and accents) joins a second department
    second, _ = register(first_name="LIES", last_name="van acker", target=other_department,
                         start=datetime.date(2025, 2, 1), email="lies@musea.be")
    # then one person, insured once, and each department its own record as it entered it
    assert second.pk != first.pk
    assert second.person_id == first.person_id
    assert Person.objects.count() == 1
    assert list(Volunteer.objects.order_by("pk").values_list(
        "department", "first_name", "last_name", "email")) == [
        (department.pk, "Lies", "Van Acker", "lies@bib.be"),
        (other_department.pk, "LIES", "van acker", "lies@musea.be"),
    ]
    cover = InsuranceCoverage.objects.get()
    assert cover.insured_from == datetime.date(2025, 2, 1)


def test_registering_a_person_of_another_department_reads_and_changes_nothing_of_theirs(
    register, other_department, coordinator
):
    # given Lies in the library, with what the library recorded
    library, _ = register(email="lies@bib.be", phone="09 123 45 67",
                          benefit=Benefit.INCAPACITY)
    before = Volunteer.objects.filter(pk=library.pk).values().get()
    # when the museums register the same person with their own data
    museum = services.volunteer_register(
        actor=coordinator, department=other_department, first_name="Lies",
        last_name="Van Acker", date_of_birth=datetime.date(1990, 5, 17), email="l@musea.be")
    # then the museums' record holds only what they entered, and the library's is as it was
    assert (museum.email, museum.phone, museum.benefit) == ("l@musea.be", "", Benefit.NONE)
    assert Volunteer.objects.filter(pk=library.pk).values().get() == before
    event = AuditEvent.objects.filter(event_type="VOLUNTEER_REGISTERED").latest("id")
    assert (event.department, event.after) == (
        other_department, {"volunteer_id": museum.pk, "person_id": library.person_id})


def test_ending_one_engagement_keeps_cover_while_active_elsewhere(
    register, other_department, coordinator
):
    # given
    volunteer, first = register(start=datetime.date(2025, 1, 1))
    register(target=other_department, start=datetime.date(2025, 2, 1))
    # when
    services.engagement_end(actor=coordinator, engagement=first,
                            end_date=datetime.date(2025, 3, 10))
    # then
    cover = InsuranceCoverage.objects.get(person=volunteer.person)
    assert (cover.insured_to, cover.deregistered_on) == (None, None)
    assert not AuditEvent.objects.filter(event_type="VOLUNTEER_DEREGISTERED").exists()


def test_ending_the_last_engagement_ends_the_cover(register, coordinator):
    # given
    volunteer, engagement = register(start=datetime.date(2025, 1, 1))
    # when
    services.engagement_end(actor=coordinator, engagement=engagement,
                            end_date=datetime.date(2025, 3, 10))
    # then
    cover = InsuranceCoverage.objects.get(person=volunteer.person)
    assert (cover.insured_to, cover.deregistered_on) == (
        datetime.date(2025, 3, 10), datetime.date(2025, 3, 14))
    event = AuditEvent.objects.get(event_type="VOLUNTEER_DEREGISTERED")
    assert event.after == {"volunteer_id": volunteer.pk, "person_id": volunteer.person_id,
                           "insured_to": "2025-03-10"}


def test_ending_before_the_start_is_refused_and_changes_nothing(register, coordinator):
    # given
    _volunteer, engagement = register(start=datetime.date(2025, 3, 1))
    events = AuditEvent.objects.count()
    # when / then
    with pytest.raises(ValidationError, match="The end date lies before the start date"):
        services.engagement_end(actor=coordinator, engagement=engagement,
                                end_date=datetime.date(2025, 2, 1))
    engagement.refresh_from_db()
    assert engagement.end_date is None
    assert AuditEvent.objects.count() == events
    assert InsuranceCoverage.objects.get().insured_to is None


def test_registering_the_same_person_twice_returns_the_existing_record(register, coordinator,
                                                                       department):
    # given
    volunteer, _ = register()
    events = AuditEvent.objects.count()
    # when
    again = services.volunteer_register(
        actor=coordinator, department=department, first_name=" Lies ", last_name="Van  Acker",
        date_of_birth=datetime.date(1990, 5, 17),
    )
    # then
    assert again.pk == volunteer.pk
    assert AuditEvent.objects.count() == events


def test_national_number_is_not_stored_unless_the_insurer_requires_it(register):
    volunteer, _ = register(national_number="85073003328", born=datetime.date(1985, 7, 30))
    assert Person.objects.get(pk=volunteer.person_id).national_number == ""


def test_national_number_is_stored_and_checked_when_required(register, settings, department,
                                                             coordinator):
    # given
    settings.INSURER_REQUIRES_NATIONAL_NUMBER = True
    # when
    volunteer, _ = register(national_number="85.07.30-033.28", born=datetime.date(1985, 7, 30))
    # then the person holds it (no department's record does)
    person = Person.objects.get(pk=volunteer.person_id)
    assert person.national_number == "85073003328"
    assert person.masked_national_number == "••.••.••-•••.28"
    assert not hasattr(volunteer, "national_number")
    with pytest.raises(ValidationError, match="The national register number is not valid"):
        services.volunteer_register(
            actor=coordinator, department=department, first_name="Jan", last_name="Peeters",
            date_of_birth=datetime.date(1985, 7, 30), national_number="85073003329",
        )
    assert (Person.objects.count(), Volunteer.objects.count()) == (1, 1)


def test_the_same_national_number_is_the_same_person_in_another_department(
    register, settings, other_department, coordinator
):
    settings.INSURER_REQUIRES_NATIONAL_NUMBER = True
    volunteer, _ = register(national_number="85073003328", born=datetime.date(1985, 7, 30))
    # when the museums register her under her other last name
    museum = services.volunteer_register(
        actor=coordinator, department=other_department, first_name="Lies",
        last_name="Peeters", date_of_birth=datetime.date(1985, 7, 30),
        national_number="85073003328")
    # then the same person, and the museums' record keeps their name for her
    assert museum.person_id == volunteer.person_id
    assert (museum.last_name, volunteer.last_name) == ("Peeters", "Van Acker")


def test_audit_events_never_hold_names_or_birth_dates(register, coordinator):
    # given
    _volunteer, engagement = register()
    services.volunteer_data_opened(actor=coordinator, volunteer=engagement.volunteer)
    # then
    for event in AuditEvent.objects.all():
        text = f"{event.object_repr} {event.before} {event.after}"
        assert "Lies" not in text and "Acker" not in text and "1990" not in text


def test_information_note_given_before_the_start_is_recorded(register, coordinator):
    # given
    _volunteer, engagement = register(start=datetime.date(2025, 3, 1))
    # when
    note = services.information_note_record(
        actor=coordinator, engagement=engagement, given_on=datetime.date(2025, 2, 20),
        method=InformationNote.Method.PAPER,
    )
    # then
    assert note.engagement == engagement
    event = AuditEvent.objects.get(event_type="INFORMATION_NOTE_RECORDED")
    assert event.after["before_start"] is True


def test_information_note_in_the_future_is_refused(register, coordinator):
    _volunteer, engagement = register()
    with pytest.raises(ValidationError,
                       match="The information note cannot be given in the future"):
        services.information_note_record(
            actor=coordinator, engagement=engagement, given_on=datetime.date(2025, 3, 15),
            method=InformationNote.Method.EMAIL,
        )
    assert InformationNote.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type="INFORMATION_NOTE_RECORDED").exists()


def test_declaration_answer_needs_its_date(register, coordinator):
    _volunteer, engagement = register()
    with pytest.raises(ValidationError,
                       match="An answer needs its date, and a date needs an answer"):
        services.declaration_record(
            actor=coordinator, engagement=engagement, kind=BenefitDeclaration.Kind.C45B,
            filed_on=datetime.date(2025, 2, 1), answer=BenefitDeclaration.Answer.ACCEPTED,
        )
    assert BenefitDeclaration.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type="DECLARATION_RECORDED").exists()


def test_duty_to_report_check_is_recorded(register, coordinator, department):
    volunteer, _ = register()
    services.volunteer_check_duty_to_report(
        actor=coordinator, volunteer=volunteer, benefit=Benefit.UNEMPLOYED,
    )
    assert Volunteer.objects.get().benefit == Benefit.UNEMPLOYED
    event = AuditEvent.objects.get(event_type="DUTY_TO_REPORT_CHECKED")
    assert (event.department, event.before, event.after) == (
        department, {"benefit": "none"}, {"benefit": "unemployed"})


def test_the_duty_to_report_of_one_department_leaves_the_others_as_they_are(
    register, coordinator, other_department, other_coordinator
):
    # given Lies in the library (no benefit there) and in the museums
    library, _ = register()
    museum = also_in(library, other_department, actor=other_coordinator)
    # when the museums record a benefit
    services.volunteer_check_duty_to_report(
        actor=other_coordinator, volunteer=museum, benefit=Benefit.INCAPACITY)
    # then the library's record keeps "none"
    assert dict(Volunteer.objects.values_list("department", "benefit")) == {
        library.department_id: Benefit.NONE, other_department.pk: Benefit.INCAPACITY}


def test_onboarding_engagement_is_insured_only_when_activated(frozen_today, department,
                                                              coordinator):
    # given
    volunteer = services.volunteer_register(
        actor=coordinator, department=department, first_name="Tom", last_name="Claes",
        date_of_birth=datetime.date(1970, 1, 2),
    )
    engagement = services.engagement_start(
        actor=coordinator, volunteer=volunteer, start_date=datetime.date(2025, 3, 20),
        onboarding=True,
    )
    assert InsuranceCoverage.objects.count() == 0
    # when
    services.engagement_activate(actor=coordinator, engagement=engagement)
    # then
    assert Engagement.objects.get().status == Engagement.Status.ACTIVE
    assert InsuranceCoverage.objects.get().insured_from == datetime.date(2025, 3, 20)


def test_anonymise_erases_people_whose_engagements_ended_long_ago(register, coordinator,
                                                                  department):
    # given one volunteer ended in 2022, one still active
    old, old_engagement = register(first_name="Oud", start=datetime.date(2020, 1, 1),
                                   email="oud@bib.be", benefit=Benefit.UNEMPLOYED)
    services.engagement_end(actor=coordinator, engagement=old_engagement,
                            end_date=datetime.date(2022, 6, 30))
    current, _ = register(first_name="Nieuw")
    # when
    count = services.volunteers_anonymise(older_than_years=2)
    again = services.volunteers_anonymise(older_than_years=2)
    # then the department's record and the person behind it are erased
    assert (count, again) == (1, 0)
    old.refresh_from_db()
    assert (old.first_name, old.last_name, old.date_of_birth, old.email, old.benefit) == (
        "", "", None, "", Benefit.NONE)
    person = Person.objects.get(pk=old.person_id)
    assert (person.first_name, person.last_name, person.date_of_birth, person.person_key) == (
        "", "", None, f"anonymised:{person.pk}")
    assert Volunteer.objects.get(pk=current.pk).first_name == "Nieuw"
    # counts stay: the engagement and the cover period are kept
    assert Engagement.objects.filter(volunteer=old).count() == 1
    assert InsuranceCoverage.objects.filter(person=person).count() == 1
    event = AuditEvent.objects.get(event_type="VOLUNTEER_ANONYMISED")
    assert (event.object_id, event.department_id, event.after) == (
        str(old.pk), department.pk,
        {"volunteer_id": old.pk, "person_id": person.pk, "older_than_years": 2})
    event = AuditEvent.objects.get(event_type="PERSON_ANONYMISED")
    assert (event.object_id, event.department_id, event.after) == (
        str(person.pk), None, {"person_id": person.pk, "older_than_years": 2})


def test_anonymise_keeps_the_person_while_another_department_goes_on(
    register, coordinator, other_department
):
    # given Lies, who left the library in 2022 and still volunteers in the museums
    library, engagement = register(start=datetime.date(2020, 1, 1))
    services.engagement_end(actor=coordinator, engagement=engagement,
                            end_date=datetime.date(2022, 6, 30))
    museum, _ = register(target=other_department, start=datetime.date(2021, 1, 1),
                         email="lies@musea.be")
    # when
    count = services.volunteers_anonymise(older_than_years=2)
    # then the library's record goes; the museums' record and the person stay
    assert count == 1
    assert Volunteer.objects.get(pk=library.pk).first_name == ""
    assert Volunteer.objects.get(pk=museum.pk).email == "lies@musea.be"
    assert Person.objects.get().first_name == "Lies"
    assert not AuditEvent.objects.filter(event_type="PERSON_ANONYMISED").exists()


def test_anonymise_task_uses_the_setting(register, coordinator, settings):
    from insurance.tasks import anonymise_ended_volunteers

    settings.ANONYMISE_AFTER_YEARS = 5
    _old, engagement = register(start=datetime.date(2020, 1, 1))
    services.engagement_end(actor=coordinator, engagement=engagement,
                            end_date=datetime.date(2022, 6, 30))
    assert anonymise_ended_volunteers.delay().get() == 0
    settings.ANONYMISE_AFTER_YEARS = 2
    assert anonymise_ended_volunteers.delay().get() == 1
    events = AuditEvent.objects.count()
    # a second delivery finds nobody left and writes nothing
    assert anonymise_ended_volunteers.delay().get() == 0
    assert AuditEvent.objects.count() == events
    assert Volunteer.objects.filter(anonymised_at__isnull=False).count() == 1


def test_anonymise_command(register, coordinator, capsys):
    from django.core.management import call_command

    _old, engagement = register(start=datetime.date(2020, 1, 1))
    services.engagement_end(actor=coordinator, engagement=engagement,
                            end_date=datetime.date(2021, 6, 30))
    call_command("anonymise_ended", "--older-than-years", "3")
    assert capsys.readouterr().out == "Anonymised 1 volunteers.\n"
    assert Volunteer.objects.get().anonymised_at is not None
