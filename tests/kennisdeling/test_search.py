"""Search in Dutch: PostgreSQL's 'dutch' full text (ranked, highlighted, escaped) and the
SQLite fallback that still finds an inflected word."""

import pytest
from django.db import connection

from kennisdeling import knowledge_selectors as selectors
from kennisdeling import search
from kennisdeling.models import Article
from tests.kennisdeling.factories import article

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
on_sqlite = pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite fallback")


def found(user, query):
    return list(search.search_articles(selectors.articles_visible(user=user), query))


@pytest.mark.parametrize(("word", "stem"), [
    ("vrijwilligers", "vrijwilliger"),
    ("verzekeringen", "verzekering"),
    ("coördinator's", "coördinator"),
    ("nota's", "nota"),
    ("afspraken", "afsprak"),
    ("grote", "grot"),
    ("visie", "visi"),
    ("één", "één"),
    ("bus", "bus"),
])
def test_the_fallback_takes_common_dutch_endings_off(word, stem):
    assert search.dutch_stem(word) == stem


def test_a_plural_finds_the_singular_and_the_singular_the_plural(consultant, coordinator):
    # given an article that says "vrijwilliger" and one that says "verzekeringen"
    one = article(actor=consultant, title="Onthaal",
                  body="Elke vrijwilliger krijgt een organisatienota.")
    other = article(actor=consultant, title="Polis",
                    body="De verzekeringen van de stad dekken lichamelijke ongevallen.")

    # then
    assert found(coordinator, "vrijwilligers") == [one]
    assert found(coordinator, "verzekering") == [other]
    assert found(coordinator, "Vrijwilligers organisatienota") == [one]
    assert found(coordinator, "brandweer") == []
    assert found(coordinator, "   ") == []


def test_a_title_hit_ranks_above_a_text_hit(consultant, coordinator):
    in_text = article(actor=consultant, title="Aan de slag",
                      body="Schrijf samen met de vrijwilligers een visie op het werk.")
    in_title = article(actor=consultant, title="Een visie schrijven",
                       body="Begin met de vraag waarom je met vrijwilligers werkt.")

    assert found(coordinator, "visie") == [in_title, in_text]


def test_readers_do_not_find_drafts(consultant, coordinator):
    article(actor=consultant, title="Klad over de visie", status=Article.Status.DRAFT)

    assert found(coordinator, "visie") == []
    assert len(found(consultant, "visie")) == 1


def test_hits_are_marked_and_everything_else_escaped(consultant, coordinator):
    # given an article whose text holds HTML as words, and a query with HTML in it
    article(actor=consultant, title="Vrijwilligers <b>welkom</b>",
            body="Elke vrijwilliger <img src=x onerror=alert(1)> krijgt uitleg.")

    results = search.hits(found(coordinator, "vrijwilligers"), "vrijwilligers <script>")

    assert len(results) == 1
    title, excerpt = str(results[0].title), str(results[0].excerpt)
    assert "<b>" not in title and "<img" not in excerpt and "<script" not in excerpt
    assert "&lt;b&gt;welkom&lt;/b&gt;" in title
    assert "&lt;img src=x onerror=alert(1)&gt;" in excerpt
    assert "<mark>" in title and "<mark>" in excerpt
    assert search.START not in excerpt and search.STOP not in excerpt


def test_markers_typed_into_an_article_cannot_open_a_mark(consultant, coordinator):
    article(actor=consultant, title=f"Visie {search.START}x",
            body=f"De visie {search.START}<script>{search.STOP}.")

    results = search.hits(found(coordinator, "visie"), "visie")

    assert results[0].article.title == "Visie x"
    assert str(results[0].excerpt).count("<mark>") == str(results[0].excerpt).count("</mark>")
    assert "<script" not in str(results[0].excerpt)


@on_sqlite
def test_the_fallback_excerpt_marks_whole_words(consultant, coordinator):
    article(actor=consultant, title="Onthaal", body="Elke vrijwilliger krijgt een nota.")

    results = search.hits(found(coordinator, "vrijwilligers"), "vrijwilligers")

    assert str(results[0].excerpt) == "Elke <mark>vrijwilliger</mark> krijgt een nota."


@pytest.mark.postgres
@on_postgres
def test_postgres_dutch_stemming_ranks_and_highlights(consultant, coordinator):
    # given three articles: the word in the title, in the text, not at all
    in_title = article(actor=consultant, title="Vrijwilligers verzekeren",
                       body="De polis dekt lichamelijke ongevallen.")
    in_text = article(actor=consultant, title="Het onthaal",
                      body="Elke vrijwilliger krijgt voor de start een organisatienota.")
    article(actor=consultant, title="Privacy", body="Wat de stad bewaart en waarom.")

    # when a coordinator searches the inflected form
    results = found(coordinator, "vrijwilliger")

    # then both are found, the title hit first
    assert results == [in_title, in_text]
    assert results[0].rank > results[1].rank
    hits = search.hits(results, "vrijwilliger")
    assert str(hits[0].title) == "<mark>Vrijwilligers</mark> verzekeren"
    assert "<mark>vrijwilliger</mark>" in str(hits[1].excerpt)
    # and the plural finds the singular
    assert found(coordinator, "vrijwilligers") == [in_title, in_text]


@pytest.mark.postgres
@on_postgres
def test_postgres_search_takes_any_query_text(consultant, coordinator):
    article(actor=consultant, title="Visie", body="Een visie schrijven.")

    for query in ["visie & | !", "'", "\"visie", "-visie", "visie OR", "():*"]:
        found(coordinator, query)  # websearch syntax never raises

    assert found(coordinator, '"een visie"') != []


@pytest.mark.postgres
@on_postgres
def test_the_search_vector_is_stored_and_indexed(consultant):
    created = article(actor=consultant, title="Visie", body="vrijwilligers")

    created.refresh_from_db()
    assert "vrijwillig" in str(created.search_vector)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                       [ "kennisdeling_article_search_gin"])
        assert "gin (search_vector)" in cursor.fetchone()[0]
