"""The demo's knowledge base and meetings (kennisdeling's part of `seed_demo`)."""

import io
import zipfile

import pytest
from django.db.models import Count

from beleid.demo import seed_city
from beleid.models import AuditEvent
from kennisdeling.knowledge_demo import ODT_MIMETYPE, seed_knowledge
from kennisdeling.models import Article, ArticleRequirement, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_knowledge_base_is_seeded_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_city(departments=44)

    first = seed_knowledge()
    events = AuditEvent.objects.count()
    second = seed_knowledge()

    assert first == {"articles": 14, "meetings": 2}
    assert second == {"articles": 0, "meetings": 0}
    assert AuditEvent.objects.count() == events
    assert dict(Article.objects.values_list("kind").annotate(n=Count("pk"))) == {
        "article": 5, "template": 5, "faq": 4}
    assert ArticleRequirement.objects.filter(requirement_code="INT-02").count() == 3
    assert Article.objects.filter(slug="is-een-vrijwilliger-verzekerd-op-weg-naar-de-activiteit"
                                  ).get().needs_review
    meeting = Meeting.objects.get(title="Overleg verzekering en meldingsplicht")
    assert meeting.departments.count() == 5
    assert meeting.decisions.count() == 3


def test_the_templates_are_opendocument_texts(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_city(departments=1)

    seed_knowledge()

    for template in Article.objects.filter(kind="template"):
        with template.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as odt:
            first = odt.infolist()[0]
            assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
            assert odt.read("mimetype").decode() == ODT_MIMETYPE
            assert b"<text:h" in odt.read("content.xml")
