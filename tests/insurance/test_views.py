import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beleid.models import AuditEvent
from insurance.models import Engagement, ImportUpload, InsuranceCoverage, Volunteer
from tests import factories

CSV = (b"voornaam;achternaam;geboortedatum;startdatum\r\n"
       b"Lies;Van Acker;17/05/1990;01/03/2025\r\n"
       b";Peeters;17/05/1990;01/03/2025\r\n")


@pytest.fixture
def lies(register):
    volunteer, _engagement = register()
    return volunteer


def login(client, user):
    client.force_login(user)
    return client


def test_coordinator_sees_own_department_register(client, coordinator, department, lies):
    response = login(client, coordinator).get(
        reverse("insurance:department", args=[department.slug]))
    assert response.status_code == 200
    assert "Van Acker" in response.content.decode()


def test_register_page_is_in_dutch(client, coordinator, department, lies):
    content = login(client, coordinator).get(
        reverse("insurance:department", args=[department.slug])).content.decode()
    assert "Actieve vrijwilligers" in content
    assert "Zonder organisatienota voor de start" in content


def test_other_coordinator_cannot_see_the_register_or_the_volunteer(client, other_coordinator,
                                                                    department, lies):
    login(client, other_coordinator)
    assert client.get(reverse("insurance:department", args=[department.slug])).status_code == 404
    assert client.get(reverse("insurance:volunteer_detail", args=[lies.pk])).status_code == 404
    assert not AuditEvent.objects.filter(event_type="VOLUNTEER_DATA_VIEWED").exists()


def test_opening_personal_data_writes_an_audit_event(client, coordinator, department, lies):
    response = login(client, coordinator).get(
        reverse("insurance:volunteer_detail", args=[lies.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(event_type="VOLUNTEER_DATA_VIEWED")
    assert (event.actor, event.department, event.object_id, event.after) == (
        coordinator, department, str(lies.pk),
        {"volunteer_id": lies.pk, "person_id": lies.person_id})


def test_the_national_number_shows_masked_to_the_office_and_not_at_all_to_a_department(
    client, coordinator, consultant, register, settings
):
    settings.INSURER_REQUIRES_NATIONAL_NUMBER = True
    volunteer, _ = register(first_name="Jan", born=datetime.date(1985, 7, 30),
                            national_number="85073003328")
    url = reverse("insurance:volunteer_detail", args=[volunteer.pk])
    department_page = login(client, coordinator).get(url).content.decode()
    office_page = login(client, consultant).get(url).content.decode()
    assert "••.••.••-•••.28" in office_page
    assert "••.••.••-•••.28" not in department_page
    for content in (department_page, office_page):
        assert "85073003328" not in content and "850730" not in content


def test_auditor_sees_counts_but_no_names(client, auditor, department, lies):
    login(client, auditor)
    overview = client.get(reverse("insurance:overview"))
    register_page = client.get(reverse("insurance:department", args=[department.slug]))
    assert overview.status_code == register_page.status_code == 200
    assert "Van Acker" not in register_page.content.decode()
    assert register_page.context["register_gaps"].active == 1
    assert client.get(reverse("insurance:volunteer_detail", args=[lies.pk])).status_code == 404
    assert client.get(reverse("insurance:export")).status_code == 403


def test_auditor_with_the_register_extract_permission_sees_names(client, auditor, department,
                                                                 lies):
    auditor.user_permissions.add(Permission.objects.get(codename="view_register_extract"))
    response = login(client, auditor).get(
        reverse("insurance:department", args=[department.slug]))
    assert "Van Acker" in response.content.decode()


def test_other_coordinator_cannot_end_the_engagement(client, other_coordinator, lies):
    engagement = lies.engagements.get()
    response = login(client, other_coordinator).post(
        reverse("insurance:engagement_end", args=[engagement.pk]), {"end_date": "2025-03-13"})
    assert response.status_code == 404
    assert Engagement.objects.get().end_date is None
    assert InsuranceCoverage.objects.get().insured_to is None


def test_coordinator_ends_the_engagement(client, coordinator, lies):
    engagement = lies.engagements.get()
    response = login(client, coordinator).post(
        reverse("insurance:engagement_end", args=[engagement.pk]), {"end_date": "2025-03-13"})
    assert response.status_code == 302
    assert InsuranceCoverage.objects.get().insured_to == datetime.date(2025, 3, 13)


def test_auditor_cannot_end_an_engagement(client, auditor, lies):
    engagement = lies.engagements.get()
    response = login(client, auditor).post(
        reverse("insurance:engagement_end", args=[engagement.pk]), {"end_date": "2025-03-13"})
    assert response.status_code == 404
    assert Engagement.objects.get().end_date is None


def test_the_insurers_list_is_the_offices_and_a_coordinator_is_refused(
    client, register, other_department, other_coordinator, consultant
):
    # given one volunteer in each department
    register(first_name="Lies", last_name="Van Acker")
    register(first_name="Mo", last_name="Benali", target=other_department)
    # when
    refused = login(client, other_coordinator).post(reverse("insurance:export"),
                                                    {"format": "csv"})
    office = login(client, consultant).post(
        reverse("insurance:export"), {"format": "csv"}).content.decode("utf-8-sig")
    # then the coordinator gets nothing; the office the whole city
    assert refused.status_code == 403
    assert "Benali" in office and "Van Acker" in office
    assert AuditEvent.objects.filter(event_type="INSURANCE_EXPORTED").count() == 1


def test_import_preview_of_another_user_or_department_is_not_found(
    client, coordinator, department, other_department, frozen_today
):
    # given a file uploaded by the coordinator of `department`
    upload = ImportUpload(uploaded_by=coordinator, department=department, original_name="x.csv")
    upload.file.save(str(upload.pk), SimpleUploadedFile("x.csv", CSV), save=False)
    upload.save()
    colleague = factories.coordinator_of(department, other_department, username="collega")
    # when another user of the same department, or the same user via another department
    login(client, colleague)
    url = reverse("insurance:import_preview", args=[department.slug, upload.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "1"}).status_code == 404
    other_url = reverse("insurance:import_preview", args=[other_department.slug, upload.pk])
    assert client.post(other_url, {"confirm": "1"}).status_code == 404
    # then nothing was imported
    assert Volunteer.objects.count() == 0
    upload.file.delete(save=False)


def test_other_coordinator_cannot_import_into_a_department(client, other_coordinator,
                                                           department):
    response = login(client, other_coordinator).post(
        reverse("insurance:import_upload", args=[department.slug]),
        {"file": SimpleUploadedFile("lijst.csv", CSV)})
    assert response.status_code == 404
    assert ImportUpload.objects.count() == 0


def test_export_page_opens_for_the_office_only(client, coordinator, consultant):
    assert login(client, coordinator).get(reverse("insurance:export")).status_code == 403
    assert login(client, consultant).get(reverse("insurance:export")).status_code == 200


def test_stale_uploads_are_discarded_and_the_trail_says_so(coordinator, department,
                                                           django_capture_on_commit_callbacks):
    import time_machine

    from insurance.tasks import discard_stale_uploads

    with time_machine.travel(datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC)):
        old = ImportUpload(uploaded_by=coordinator, department=department, original_name="a",
                           state="checked")
        old.file.save(str(old.pk), SimpleUploadedFile("a.csv", CSV), save=False)
        old.save()
        busy = ImportUpload(uploaded_by=coordinator, department=department, original_name="c",
                            state="importing")
        busy.save()
    with time_machine.travel(datetime.datetime(2025, 2, 20, 9, tzinfo=datetime.UTC)):
        stuck = ImportUpload(uploaded_by=coordinator, department=department,
                             original_name="d", state="importing")
        stuck.save()  # its worker was lost long ago
    storage, name = old.file.storage, old.file.name
    with time_machine.travel(datetime.datetime(2025, 3, 3, 9, tzinfo=datetime.UTC)):
        fresh = ImportUpload(uploaded_by=coordinator, department=department, original_name="b")
        fresh.file.save(str(fresh.pk), SimpleUploadedFile("b.csv", CSV), save=False)
        fresh.save()
        with django_capture_on_commit_callbacks(execute=True):
            assert discard_stale_uploads.delay().get() == 2
        after_first = (sorted(ImportUpload.objects.values_list("original_name", flat=True)),
                       AuditEvent.objects.count())
        # a second run (or a second delivery) finds nothing left to do
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            assert discard_stale_uploads.delay().get() == 0
    # then the old upload and its file are gone, the one being imported stays (unless its
    # worker was lost a week ago)
    assert after_first == (["b", "c"], 2)
    assert (sorted(ImportUpload.objects.values_list("original_name", flat=True)),
            AuditEvent.objects.count()) == after_first
    assert callbacks == []
    assert not storage.exists(name)
    assert [(e.actor, e.department, e.object_id, e.before, e.after)
            for e in AuditEvent.objects.filter(event_type="IMPORT_DISCARDED")
            .order_by("before__file")] == [
        (None, department, str(old.pk),
         {"upload_id": str(old.pk), "file": "a", "state": "checked"},
         {"reason": "stale", "older_than_hours": 24}),
        (None, department, str(stuck.pk),
         {"upload_id": str(stuck.pk), "file": "d", "state": "importing"},
         {"reason": "stale", "older_than_hours": 24}),
    ]
    fresh.file.delete(save=False)


def test_admin_never_shows_the_national_number(client, administrator, register, settings):
    settings.INSURER_REQUIRES_NATIONAL_NUMBER = True
    volunteer, _ = register(born=datetime.date(1985, 7, 30), national_number="85073003328")
    login(client, administrator)
    pages = [client.get(reverse("admin:insurance_person_changelist")),
             client.get(reverse("admin:insurance_person_change", args=[volunteer.person_id]))]
    for page in pages:
        assert page.status_code == 200
        assert "85073003328" not in page.content.decode()
        assert "••.••.••-•••.28" in page.content.decode()
    # the departments' records read (they hold no number)
    for url in (reverse("admin:insurance_volunteer_changelist"),
                reverse("admin:insurance_volunteer_change", args=[volunteer.pk])):
        page = client.get(url)
        assert page.status_code == 200
        assert "Van Acker" in page.content.decode()
        assert "85073003328" not in page.content.decode()


def test_volunteer_page_shows_the_end_of_the_c45b_window(client, coordinator, lies):
    from insurance import services
    from insurance.models import BenefitDeclaration

    services.declaration_record(actor=coordinator, engagement=lies.engagements.get(),
                                kind=BenefitDeclaration.Kind.C45B,
                                filed_on=datetime.date(2025, 4, 18))
    content = login(client, coordinator).get(
        reverse("insurance:volunteer_detail", args=[lies.pk])).content.decode()
    assert "de 12 werkdagen lopen af op 8 mei 2025" in content


@pytest.mark.parametrize(
    ("who", "sees_benefit"),
    [("coordinator", True), ("consultant", True), ("auditor", False)],
)
def test_benefit_data_show_only_to_the_own_department_and_the_office(
    request, client, lies, coordinator, who, sees_benefit
):
    from insurance import services
    from insurance.models import Benefit

    # given a volunteer on an unemployment benefit; auditors may read register extracts
    services.volunteer_check_duty_to_report(actor=coordinator, volunteer=lies,
                                            benefit=Benefit.UNEMPLOYED)
    user = request.getfixturevalue(who)
    if who == "auditor":
        user.user_permissions.add(Permission.objects.get(codename="view_register_extract"))
    # when they open the volunteer's page
    response = login(client, user).get(reverse("insurance:volunteer_detail", args=[lies.pk]))
    # then all see the name; only the own department and the office the benefit
    assert response.status_code == 200
    content = response.content.decode()
    assert "Van Acker" in content
    assert response.context["show_benefits"] is sees_benefit
    assert ("Werkloosheidsuitkering" in content) is sees_benefit


def test_the_office_sees_the_person_behind_a_record_and_a_department_does_not(
    client, register, other_department, coordinator, consultant
):
    # given Lies in the library since 1 March and in the museums since 6 January
    library, _ = register(start=datetime.date(2025, 3, 1))
    museum, _ = register(target=other_department, start=datetime.date(2025, 1, 6))
    url = reverse("insurance:volunteer_detail", args=[library.pk])
    # when the library and the office open the library's record
    own = login(client, coordinator).get(url)
    office = login(client, consultant).get(url)
    # then the library sees its own days only; the office the person, the whole period and
    # every department's record
    assert own.context["person"] is None
    assert "Verzekerd sinds 1 maart 2025." in own.content.decode()
    assert "6 januari 2025" not in own.content.decode()
    content = office.content.decode()
    assert office.context["person"] == library.person
    assert f"Persoon {library.person_id} op de verzekering van de stad" in content
    assert "6 januari 2025" in content
    museum_url = reverse("insurance:volunteer_detail", args=[museum.pk])
    assert f'<a href="{museum_url}">Musea</a>' in content
