"""The knowledge base's and the meetings' pages over HTTP: who may open which (the office
writes, coordinators and auditors read, anonymous visitors go to the login page), that a
refused request changes nothing, and list pages whose queries do not grow with their rows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beleid.models import AuditEvent
from kennisdeling import meeting_services
from kennisdeling.meeting_services import MeetingInput
from kennisdeling.models import Article, ArticleVersion, Meeting
from tests import factories
from tests.e2e.html_check import html_problems
from tests.kennisdeling.factories import article

pytestmark = pytest.mark.django_db


def state():
    return (
        list(Article.objects.order_by("pk").values_list("pk", "title", "status", "body")),
        ArticleVersion.objects.count(),
        list(Meeting.objects.order_by("pk").values_list("pk", "title", "minutes")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def published(consultant, framework):
    return article(actor=consultant, title="De organisatienota", codes=["ONB-01"],
                   body="Elke **vrijwilliger** krijgt een nota.", tags=["onthaal"])


@pytest.fixture
def meeting(consultant, department):
    return meeting_services.meeting_record(actor=consultant, data=MeetingInput(
        date=datetime.date(2025, 3, 4), title="Lerend netwerk voorjaar",
        agenda="1. Welkom\n2. Verzekering", minutes="We bespraken de **polis**.",
        departments=[department], decisions=["De polis blijft", "Volgende keer in mei"],
    ))


READ_PAGES = [
    ("kennisdeling:article_list", False),
    ("kennisdeling:template_list", False),
    ("kennisdeling:faq_list", False),
    ("kennisdeling:knowledge_search", False),
    ("kennisdeling:article_detail", True),
]


@pytest.mark.parametrize(("name", "needs_slug"), READ_PAGES)
@pytest.mark.parametrize("who", ["consultant", "coordinator", "auditor"])
def test_everyone_signed_in_reads_the_knowledge_base(client, request, published, name,
                                                     needs_slug, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse(name, args=[published.slug] if needs_slug else []))

    assert response.status_code == 200
    assert html_problems(response.content.decode()) == []


@pytest.mark.parametrize("name", [
    "kennisdeling:article_list", "kennisdeling:knowledge_search", "kennisdeling:meeting_list",
])
def test_anonymous_visitors_go_to_the_login_page(client, name):
    url = reverse(name)

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


def test_anonymous_visitors_get_no_article_and_no_file(client, published):
    for url in (reverse("kennisdeling:article_detail", args=[published.slug]),
                reverse("kennisdeling:article_file", args=[published.slug])):
        assert client.get(url).status_code == 302


OFFICE_PAGES = ["article_edit", "article_history", "article_archive"]


@pytest.mark.parametrize("name", OFFICE_PAGES)
@pytest.mark.parametrize("who", ["coordinator", "auditor"])
def test_only_the_office_writes(client, request, published, name, who):
    client.force_login(request.getfixturevalue(who))
    before = state()

    assert client.get(reverse(f"kennisdeling:{name}", args=[published.slug])).status_code == 403
    assert client.post(reverse(f"kennisdeling:{name}", args=[published.slug]),
                       {"title": "Gekaapt"}).status_code == 403
    assert client.get(reverse("kennisdeling:article_create")).status_code == 403
    assert client.post(reverse("kennisdeling:article_create"),
                       {"title": "Nieuw", "kind": "article"}).status_code == 403
    assert client.get(reverse("kennisdeling:article_version",
                              args=[published.slug, 1])).status_code == 403
    assert state() == before


@pytest.mark.parametrize("name", ["article_create", "meeting_create"])
def test_the_office_opens_the_writing_pages(client, consultant, framework, name):
    client.force_login(consultant)

    response = client.get(reverse(f"kennisdeling:{name}"))

    assert response.status_code == 200
    assert html_problems(response.content.decode()) == []


def test_readers_do_not_see_drafts_or_archived_articles(client, consultant, coordinator):
    draft = article(actor=consultant, title="Klad", status=Article.Status.DRAFT)
    client.force_login(coordinator)

    assert client.get(reverse("kennisdeling:article_detail", args=[draft.slug])
                      ).status_code == 404
    assert "Klad" not in client.get(reverse("kennisdeling:article_list")).content.decode()


def article_post(consultant, **changes):
    return {"kind": "article", "title": "Vrijwilligers verzekeren", "summary": "",
            "body": "Elke vrijwilliger is verzekerd.", "category": "", "tags": "verzekering",
            "requirements": ["VRZ-02"], "owner": consultant.pk, "status": "published",
            **changes}


def test_the_office_previews_then_saves_an_article(client, consultant, framework):
    client.force_login(consultant)
    url = reverse("kennisdeling:article_create")

    preview = client.post(url, {**article_post(consultant),
                                "body": "**Vet** <script>alert(1)</script>", "preview": "1"})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "<strong>Vet</strong> &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not Article.objects.exists()

    saved = client.post(url, {**article_post(consultant), "save": "1"})

    created = Article.objects.get()
    assert saved["Location"] == reverse("kennisdeling:article_detail", args=[created.slug])
    assert list(created.requirement_links.values_list("requirement_code", flat=True)) == [
        "VRZ-02"]
    detail = client.get(saved["Location"]).content.decode()
    assert "Vereiste VRZ-02" in detail  # "serves these requirements"


def test_a_template_without_a_file_is_refused_beside_the_field(client, consultant, framework):
    client.force_login(consultant)

    response = client.post(reverse("kennisdeling:article_create"),
                           {**article_post(consultant), "kind": "template", "save": "1"})

    assert response.status_code == 200
    assert "Een sjabloon om te downloaden heeft zijn bestand nodig." in response.content.decode()
    assert not Article.objects.exists()


def test_a_template_is_downloaded_as_an_attachment(client, consultant, coordinator):
    template = article(actor=consultant, title="Model organisatienota", kind="template",
                       file=SimpleUploadedFile("organisatienota.odt", b"PK odt"))
    client.force_login(coordinator)

    response = client.get(reverse("kennisdeling:article_file", args=[template.slug]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="organisatienota.odt"'
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"PK odt"


def test_history_and_an_old_version(client, consultant, published):
    from tests.kennisdeling.factories import edit
    edit(published, actor=consultant, body="Een nieuwe tekst.")
    client.force_login(consultant)

    history = client.get(reverse("kennisdeling:article_history", args=[published.slug]))
    old = client.get(reverse("kennisdeling:article_version", args=[published.slug, 1]))

    assert "Versie 2" in history.content.decode() and "Versie 1" in history.content.decode()
    assert "Elke <strong>vrijwilliger</strong> krijgt een nota." in old.content.decode()
    assert html_problems(old.content.decode()) == []


def test_archiving_asks_first(client, consultant, published):
    client.force_login(consultant)
    url = reverse("kennisdeling:article_archive", args=[published.slug])

    assert "archiveren?" in client.get(url).content.decode()
    published.refresh_from_db()
    assert published.status == "published"

    client.post(url)
    published.refresh_from_db()
    assert published.status == "archived"


def test_search_page_finds_an_inflected_word_and_escapes_the_query(client, coordinator,
                                                                 published):
    client.force_login(coordinator)

    found = client.get(reverse("kennisdeling:knowledge_search"), {"q": "vrijwilligers"})
    nothing = client.get(reverse("kennisdeling:knowledge_search"),
                         {"q": "<script>alert(1)</script>"})

    assert "De organisatienota" in found.content.decode()
    assert "<mark>" in found.content.decode()
    page = nothing.content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Niets gevonden" in page


def test_the_list_page_takes_the_same_queries_for_5_and_for_30_articles(
        client, consultant, coordinator, django_assert_max_num_queries):
    for n in range(5):
        article(actor=consultant, title=f"Artikel {n}", tags=["a", f"t{n}"])
    client.force_login(coordinator)
    url = reverse("kennisdeling:article_list")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    for n in range(5, 30):
        article(actor=consultant, title=f"Artikel {n}", tags=["a", f"t{n}"])

    with django_assert_max_num_queries(len(five)):
        response = client.get(url)

    assert response.context["page_obj"].paginator.count == 30


def test_meetings_list_queries_do_not_grow(client, consultant, department,
                                           django_assert_max_num_queries):
    def record(n):
        meeting_services.meeting_record(actor=consultant, data=MeetingInput(
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n), title=f"Overleg {n}",
            departments=[department], decisions=["Een", "Twee"]))
    record(0)
    client.force_login(consultant)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("kennisdeling:meeting_list"))
    for n in range(1, 15):
        record(n)

    with django_assert_max_num_queries(len(one)):
        client.get(reverse("kennisdeling:meeting_list"))


# --- meetings ---------------------------------------------------------------------------


def test_the_office_records_a_meeting(client, consultant, department, other_department):
    client.force_login(consultant)

    response = client.post(reverse("kennisdeling:meeting_create"), {
        "date": "2025-05-13", "title": "Lerend netwerk: verzekering",
        "agenda": "- De polis\n- Vragen", "minutes": "<script>x</script> Besproken.",
        "departments": [department.pk, other_department.pk],
        "decisions": "Elke dienst meldt aan vanaf dag één\n\nDe FAQ wordt aangevuld",
    })

    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("kennisdeling:meeting_detail", args=[meeting.pk])
    assert list(meeting.decisions.values_list("text", flat=True)) == [
        "Elke dienst meldt aan vanaf dag één", "De FAQ wordt aangevuld"]
    assert set(meeting.departments.all()) == {department, other_department}
    assert meeting.minutes_html == "<p>&lt;script&gt;x&lt;/script&gt; Besproken.</p>\n"
    assert AuditEvent.objects.filter(event_type="MEETING_RECORDED").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Elke dienst meldt aan vanaf dag één" in page
    assert html_problems(page) == []


def test_a_coordinator_reads_the_meetings_of_their_department_only(
        client, coordinator, consultant, meeting, other_department):
    elsewhere = meeting_services.meeting_record(actor=consultant, data=MeetingInput(
        date=datetime.date(2025, 4, 1), title="Overleg musea", departments=[other_department]))
    client.force_login(coordinator)

    listing = client.get(reverse("kennisdeling:meeting_list")).content.decode()

    assert "Lerend netwerk voorjaar" in listing and "Overleg musea" not in listing
    assert client.get(reverse("kennisdeling:meeting_detail", args=[meeting.pk])
                      ).status_code == 200
    assert client.get(reverse("kennisdeling:meeting_detail", args=[elsewhere.pk])
                      ).status_code == 404
    assert client.get(reverse("kennisdeling:department_meetings",
                              args=[other_department.slug])).status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "auditor"])
def test_only_the_office_records_meetings(client, request, meeting, who):
    client.force_login(request.getfixturevalue(who))
    before = state()

    assert client.get(reverse("kennisdeling:meeting_create")).status_code == 403
    assert client.post(reverse("kennisdeling:meeting_edit", args=[meeting.pk]),
                       {"date": "2025-01-01", "title": "Gekaapt"}).status_code == 403
    assert state() == before


def test_an_auditor_reads_every_meeting(client, auditor, meeting):
    client.force_login(auditor)

    assert client.get(reverse("kennisdeling:meeting_detail", args=[meeting.pk])
                      ).status_code == 200


def test_the_department_page_links_to_its_meetings(client, coordinator, department, meeting):
    client.force_login(coordinator)

    page = client.get(reverse("beleid:department_detail", args=[department.slug]))
    meetings = client.get(reverse("kennisdeling:department_meetings", args=[department.slug]))

    assert reverse("kennisdeling:department_meetings", args=[department.slug]) in (
        page.content.decode())
    assert "Lerend netwerk voorjaar" in meetings.content.decode()


def test_updating_a_meeting_audits_what_changed(consultant, meeting, department):
    meeting_services.meeting_update(actor=consultant, meeting=meeting, data=MeetingInput(
        date=meeting.date, title=meeting.title, agenda=meeting.agenda, minutes="Aangevuld.",
        departments=[department], decisions=["De polis blijft", "Volgende keer in mei"]))

    event = AuditEvent.objects.get(event_type="MEETING_UPDATED")
    assert (event.before, event.after) == ({"minutes": True}, {"minutes": True})


def test_a_factory_user_is_no_office(db):
    assert factories.UserFactory().groups.count() == 0


def test_editing_keeps_a_link_to_a_code_the_framework_no_longer_has(client, consultant,
                                                                   framework):
    old = article(actor=consultant, title="Oud", codes=["OUD-01", "VIS-01"])
    client.force_login(consultant)

    response = client.post(reverse("kennisdeling:article_edit", args=[old.slug]), {
        **article_post(consultant), "title": "Oud", "requirements": ["OUD-01", "VIS-01"],
        "save": "1"})

    assert response.status_code == 302
    assert list(old.requirement_links.values_list("requirement_code", flat=True)) == [
        "OUD-01", "VIS-01"]
