"""The knowledge base's services and selectors: versions, review dates, links to the
framework's requirements (both ways), archiving, the audit trail."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from beleid import access, audit_display
from beleid.models import AuditEvent, Requirement
from kennisdeling import knowledge_selectors as selectors
from kennisdeling import knowledge_services
from kennisdeling.models import Article, ArticleVersion, Tag
from tests import factories
from tests.kennisdeling.factories import article, edit

pytestmark = pytest.mark.django_db


def test_creating_an_article_renders_it_keeps_version_one_and_audits(consultant):
    # when the office writes a published article with a script in it
    created = article(actor=consultant, title="Het onthaal", body="**Welkom** <script>x</script>",
                      codes=["ONB-01", "ONB-02"], tags=["onthaal", " Onthaal ", "privacy"])

    # then the HTML is sanitised, the words are kept for search, version 1 is kept
    assert created.body_html == "<p><strong>Welkom</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
    assert created.body_text == "Welkom <script>x</script>"
    assert created.slug == "het-onthaal"
    assert list(created.versions.values_list("number", "title", "requirement_codes")) == [
        (1, "Het onthaal", ["ONB-01", "ONB-02"])]
    assert sorted(created.tags.values_list("name", flat=True)) == ["onthaal", "privacy"]
    event = AuditEvent.objects.get(event_type="ARTICLE_CREATED")
    assert (event.actor, event.object_repr, event.after["requirements"], event.after["version"]
            ) == (consultant, "Het onthaal", ["ONB-01", "ONB-02"], 1)


def test_every_save_keeps_a_version_and_old_versions_stay_readable(consultant):
    created = article(actor=consultant, body="Eerste tekst.")

    edit(created, actor=consultant, body="Tweede tekst.")
    edit(created, actor=consultant, body="Derde tekst.", title="Een visie schrijven (2025)")

    versions = ArticleVersion.objects.filter(article=created).order_by("number")
    assert [(v.number, v.title, v.body_html) for v in versions] == [
        (1, "Een visie schrijven", "<p>Eerste tekst.</p>\n"),
        (2, "Een visie schrijven", "<p>Tweede tekst.</p>\n"),
        (3, "Een visie schrijven (2025)", "<p>Derde tekst.</p>\n"),
    ]
    created.refresh_from_db()
    assert created.body == "Derde tekst."
    assert AuditEvent.objects.filter(event_type="ARTICLE_UPDATED").count() == 2


def test_saving_without_a_change_writes_nothing(consultant):
    created = article(actor=consultant)

    edit(created, actor=consultant)

    assert created.versions.count() == 1
    assert not AuditEvent.objects.filter(event_type="ARTICLE_UPDATED").exists()


def test_an_article_not_reviewed_for_a_year_is_to_review_until_reviewed(consultant):
    with time_machine.travel(datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC), tick=False):
        created = article(actor=consultant)
    assert created.last_reviewed_on == datetime.date(2025, 3, 1)

    with time_machine.travel(datetime.datetime(2026, 2, 28, 10, tzinfo=datetime.UTC), tick=False):
        assert created.needs_review is False
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC), tick=False):
        assert created.needs_review is True
        # a change without "reviewed" keeps the date; "reviewed" sets it to today
        edit(created, actor=consultant, body="Nieuwe tekst.")
        created.refresh_from_db()
        assert created.last_reviewed_on == datetime.date(2025, 3, 1)
        edit(created, actor=consultant, reviewed=True)
        created.refresh_from_db()
        assert (created.last_reviewed_on, created.needs_review) == (
            datetime.date(2026, 3, 1), False)


def test_a_template_needs_its_file_of_an_allowed_kind(consultant):
    with pytest.raises(ValidationError):
        article(actor=consultant, kind=Article.Kind.TEMPLATE)
    with pytest.raises(ValidationError):
        article(actor=consultant, kind=Article.Kind.TEMPLATE,
                file=SimpleUploadedFile("model.exe", b"MZ"))

    template = article(actor=consultant, kind=Article.Kind.TEMPLATE, title="Model organisatienota",
                       file=SimpleUploadedFile("organisatienota.odt", b"PK odt"))

    assert template.filename == "organisatienota.odt"
    assert template.file.read() == b"PK odt"
    assert not Article.objects.filter(kind=Article.Kind.TEMPLATE).exclude(pk=template.pk).exists()


def test_unknown_requirement_codes_are_refused(consultant):
    with pytest.raises(ValidationError):
        article(actor=consultant, codes=["ONB-01", "<script>"])

    assert not Article.objects.exists()


def test_links_both_ways_by_the_stable_requirement_code(consultant, coordinator, framework):
    # given two articles for ONB-01, one for VIS-01, a draft for ONB-01
    onthaal = article(actor=consultant, title="Onthaal", codes=["ONB-01"])
    nota = article(actor=consultant, title="De organisatienota", codes=["ONB-01", "VIS-01"])
    article(actor=consultant, title="Klad", codes=["ONB-01"], status=Article.Status.DRAFT)

    # then a requirement finds its published articles (one query for many requirements)
    found = selectors.articles_for_requirements(codes=["ONB-01", "VIS-01", "VRZ-01"],
                                                user=coordinator)
    assert found == {"ONB-01": [nota, onthaal], "VIS-01": [nota]}
    # and an article names the requirements it serves, from the published framework
    served = selectors.article_requirements(article=nota)
    assert [(code, requirement.title) for code, requirement in served] == [
        ("ONB-01", "Vereiste ONB-01"), ("VIS-01", "Vereiste VIS-01")]


def test_a_link_holds_in_a_new_framework_version(consultant, coordinator, framework):
    nota = article(actor=consultant, title="De organisatienota", codes=["ONB-01"])
    newer = factories.published_framework(code="2025.1")
    newer.published_on = datetime.date(2025, 1, 15)
    newer.save()
    Requirement.objects.filter(version=newer, code="ONB-01").update(title="Organisatienota 2025")

    served = selectors.article_requirements(article=nota)

    assert [(code, r.version.code, r.title) for code, r in served] == [
        ("ONB-01", "2025.1", "Organisatienota 2025")]
    assert selectors.articles_for_requirements(codes=["ONB-01"], user=coordinator) == {
        "ONB-01": [nota]}


def test_articles_for_requirements_is_one_query(consultant, coordinator,
                                                django_assert_num_queries):
    for n in range(5):
        article(actor=consultant, title=f"Artikel {n}", codes=["ONB-01", "VIS-01", "VRZ-01"])
    access.can_write_knowledge(coordinator)  # the user's roles: read once per request

    with django_assert_num_queries(1):
        found = selectors.articles_for_requirements(
            codes=["ONB-01", "VIS-01", "VRZ-01", "VRM-01"], user=coordinator)

    assert {code: len(articles) for code, articles in found.items()} == {
        "ONB-01": 5, "VIS-01": 5, "VRZ-01": 5}


def test_drafts_and_archived_articles_are_for_the_office_only(consultant, coordinator, auditor):
    published = article(actor=consultant, title="Gepubliceerd")
    draft = article(actor=consultant, title="Klad", status=Article.Status.DRAFT)
    archived = article(actor=consultant, title="Oud")
    knowledge_services.article_archive(actor=consultant, article=archived)

    assert set(selectors.articles_visible(user=consultant)) == {published, draft, archived}
    assert set(selectors.articles_visible(user=coordinator)) == {published}
    assert set(selectors.articles_visible(user=auditor)) == {published}
    assert list(selectors.article_list(user=consultant)) == [published, draft]


def test_archiving_keeps_a_version_and_is_audited_once(consultant):
    created = article(actor=consultant)

    knowledge_services.article_archive(actor=consultant, article=created)
    knowledge_services.article_archive(actor=consultant, article=created)

    created.refresh_from_db()
    assert created.status == Article.Status.ARCHIVED
    assert list(created.versions.values_list("number", "status")) == [
        (2, "archived"), (1, "published")]
    assert AuditEvent.objects.filter(event_type="ARTICLE_ARCHIVED").count() == 1


def test_tags_are_made_once_by_their_short_name(consultant):
    article(actor=consultant, title="Een", tags=["Privacy"])
    article(actor=consultant, title="Twee", tags=["privacy", "AVG"])

    assert sorted(Tag.objects.values_list("name", flat=True)) == ["AVG", "Privacy"]


def test_the_audit_trail_names_the_article_and_its_fields_in_words(consultant):
    created = article(actor=consultant, title="Privacy", codes=["ONB-04"])
    edit(created, actor=consultant, status=Article.Status.DRAFT, title="Privacy van vrijwilligers")

    rows = audit_display.rows(AuditEvent.objects.filter(event_type="ARTICLE_UPDATED"),
                              consultant)

    assert rows[0].subject == "Privacy van vrijwilligers"
    assert rows[0].changes_text.split("; ")[:3] == [
        "titel: Privacy → Privacy van vrijwilligers", "status: Gepubliceerd → Ontwerp",
        "versie: 2"]
