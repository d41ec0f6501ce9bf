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
    Volunteer,
)


def test_an_engagement_insures_the_volunteer_from_its_start_date(register):
    # when
    volunteer, engagement = register(start=datetime.date(2025, 3, 1))
    # then
    cover = InsuranceCoverage.objects.get(volunteer=volunteer)
    assert (cover.insured_from, cover.insured_to, cover.registered_on) == (
        datetime.date(2025, 3, 1), None, datetime.date(2025, 3, 14))
    assert list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True)) == [
        "VOLUNTEER_REGISTERED", "ENGAGEMENT_STARTED", "VOLUNTEER_INSURED"]


def test_a_person_in_two_departments_is_one_volunteer_insured_once(
    register, other_department
):
    # given
    first, _ = register(start=datetime.date(2025, 3, 1))
    # when the same person (other spelling of case and accents) joins a second department
    second, _ = register(first_name="LIES", last_name="van acker", target=other_department,
                         start=datetime.date(2025, 2, 1))
    # then
    assert second.pk == first.pk
    assert Volunteer.objects.count() == 1
    cover = InsuranceCoverage.objects.get()
    assert cover.insured_from == datetime.date(2025, 2, 1)


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
    cover = InsuranceCoverage.objects.get(volunteer=volunteer)
    assert (cover.insured_to, cover.deregistered_on) == (None, None)
    assert not AuditEvent.objects.filter(event_type="VOLUNTEER_DEREGISTERED").exists()


def test_ending_the_last_engagement_ends_the_cover(register, coordinator):
    # given
    volunteer, engagement = register(start=datetime.date(2025, 1, 1))
    # when
    services.engagement_end(actor=coordinator, engagement=engagement,
                            end_date=datetime.date(2025, 3, 10))
    # then
    cover = InsuranceCoverage.objects.get(volunteer=volunteer)
    assert (cover.insured_to, cover.deregistered_on) == (
        datetime.date(2025, 3, 10), datetime.date(2025, 3, 14))
    event = AuditEvent.objects.get(event_type="VOLUNTEER_DEREGISTERED")
    assert event.after == {"volunteer_id": volunteer.pk, "insured_to": "2025-03-10"}


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
    volunteer.refresh_from_db()
    assert volunteer.national_number == ""


def test_national_number_is_stored_and_checked_when_required(register, settings, department,
                                                             coordinator):
    # given
    settings.INSURER_REQUIRES_NATIONAL_NUMBER = True
    # when
    volunteer, _ = register(national_number="85.07.30-033.28", born=datetime.date(1985, 7, 30))
    # then
    assert Volunteer.objects.get(pk=volunteer.pk).national_number == "85073003328"
    assert volunteer.masked_national_number == "••.••.••-•••.28"
    with pytest.raises(ValidationError, match="The national register number is not valid"):
        services.volunteer_register(
            actor=coordinator, department=department, first_name="Jan", last_name="Peeters",
            date_of_birth=datetime.date(1985, 7, 30), national_number="85073003329",
        )
    assert Volunteer.objects.count() == 1


def test_audit_events_never_hold_names_or_birth_dates(register, coordinator):
    # given
    _volunteer, engagement = register()
    services.volunteer_data_opened(actor=coordinator, volunteer=engagement.volunteer,
                                   department=engagement.department)
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
        actor=coordinator, volunteer=volunteer, department=department,
        benefit=Benefit.UNEMPLOYED,
    )
    assert Volunteer.objects.get().benefit == Benefit.UNEMPLOYED
    event = AuditEvent.objects.get(event_type="DUTY_TO_REPORT_CHECKED")
    assert (event.before, event.after) == ({"benefit": "none"}, {"benefit": "unemployed"})


def test_onboarding_engagement_is_insured_only_when_activated(frozen_today, department,
                                                              coordinator):
    # given
    volunteer = services.volunteer_register(
        actor=coordinator, department=department, first_name="Tom", last_name="Claes",
        date_of_birth=datetime.date(1970, 1, 2),
    )
    engagement = services.engagement_start(
        actor=coordinator, volunteer=volunteer, department=department,
        start_date=datetime.date(2025, 3, 20), onboarding=True,
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
    old, old_engagement = register(first_name="Oud", start=datetime.date(2020, 1, 1))
    services.engagement_end(actor=coordinator, engagement=old_engagement,
                            end_date=datetime.date(2022, 6, 30))
    current, _ = register(first_name="Nieuw")
    # when
    count = services.volunteers_anonymise(older_than_years=2)
    again = services.volunteers_anonymise(older_than_years=2)
    # then
    assert (count, again) == (1, 0)
    old.refresh_from_db()
    assert (old.first_name, old.last_name, old.date_of_birth, old.person_key) == (
        "", "", None, f"anonymised:{old.pk}")
    assert Volunteer.objects.get(pk=current.pk).first_name == "Nieuw"
    # counts stay: the engagement and the cover period are kept
    assert Engagement.objects.filter(volunteer=old).count() == 1
    assert InsuranceCoverage.objects.filter(volunteer=old).count() == 1
    event = AuditEvent.objects.get(event_type="VOLUNTEER_ANONYMISED")
    assert (event.object_id, event.department_id, event.after) == (
        str(old.pk), department.pk, {"volunteer_id": old.pk, "older_than_years": 2})


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
