"""Searching the knowledge base in Dutch.

On PostgreSQL: full-text search with the 'dutch' configuration (Snowball stemming, so
"vrijwilligers" finds "vrijwilliger"), on a stored search vector with a GIN index (title
weighted A, summary B, text C), ranked with `SearchRank`, highlighted with `SearchHeadline`.
On SQLite (development, half of the browser journeys) a plain fallback: every word of the
query with its common Dutch endings taken off ("-'s", "-en", "-s", "-e") must be in the title,
summary or text; title hits first.

Highlights are built so that nothing of the article or of the query reaches the page
unescaped: the database marks hits with two private-use characters that the stored text
cannot hold (they are taken out when it is stored), the whole excerpt is escaped, and only
then do the markers become <mark> and </mark>.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Article

CONFIG = "dutch"
START, STOP = "\ue000", "\ue001"
# Endings taken off a word in the fallback, longest first; a stem keeps at least 4 letters.
DUTCH_ENDINGS = ("'s", "’s", "en", "s", "e")
MIN_STEM = 4
EXCERPT_CHARS = 220


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def without_markers(text: str) -> str:
    return text.replace(START, "").replace(STOP, "")


def article_index(*, article: Article) -> None:
    """Refresh the article's stored search vector (PostgreSQL only; a no-op elsewhere)."""
    if not uses_postgres():
        return
    Article.objects.filter(pk=article.pk).update(
        search_vector=SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("body_text", weight="C", config=CONFIG)
    )


def highlighted(excerpt: str) -> SafeString:
    """An excerpt with START/STOP markers -> escaped HTML with <mark> around the hits."""
    safe = escape(excerpt)
    return mark_safe(  # noqa: S308 - escaped above; only our own tags are added
        safe.replace(START, "<mark>").replace(STOP, "</mark>")
    )


# --- the fallback (SQLite) ---------------------------------------------------------------------


def dutch_stem(word: str) -> str:
    """A word without its common Dutch plural or inflection ending, when enough is left:
    "vrijwilligers" -> "vrijwilliger", "verzekeringen" -> "verzekering"."""
    lowered = word.lower()
    for ending in DUTCH_ENDINGS:
        if lowered.endswith(ending) and len(lowered) - len(ending) >= MIN_STEM:
            return lowered[: -len(ending)]
    return lowered


def query_words(query: str) -> list[str]:
    return [word for word in re.findall(r"[\w'’-]+", query.lower()) if len(word) > 1][:10]


def _marker(stems: list[str]):
    if not stems:
        return lambda text: text
    pattern = re.compile(
        r"\w*(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)
    return lambda text: pattern.sub(lambda hit: f"{START}{hit.group(0)}{STOP}", text)


def _fallback_excerpt(text: str, stems: list[str]) -> str:
    """The part of `text` around the first hit, every hit (the whole word) marked."""
    lowered = text.lower()
    first = min((lowered.find(stem) for stem in stems if stem in lowered), default=0)
    start = max(0, first - EXCERPT_CHARS // 3)
    excerpt = _marker(stems)(text[start:start + EXCERPT_CHARS])
    return ("… " if start else "") + excerpt + (" …" if start + EXCERPT_CHARS < len(text) else "")


@dataclass
class Hit:
    article: Article
    title: SafeString
    excerpt: SafeString


def search_articles(queryset: QuerySet[Article], query: str) -> QuerySet[Article]:
    """The articles of `queryset` that match `query`, best first (not yet highlighted)."""
    if uses_postgres():
        search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
        return (
            queryset.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "title", "pk")
        )
    stems = [dutch_stem(word) for word in query_words(query)]
    if not stems:
        return queryset.none()
    for stem in stems:
        queryset = queryset.filter(
            Q(title__icontains=stem) | Q(summary__icontains=stem) | Q(body_text__icontains=stem)
        )
    in_title = Q()
    for stem in stems:
        in_title |= Q(title__icontains=stem)
    return queryset.annotate(
        rank=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("-rank", "title", "pk")


def hits(articles: list[Article], query: str) -> list[Hit]:
    """The found articles of one page with their title and an excerpt, hits marked, all of
    it escaped. On PostgreSQL the database marks them (`SearchHeadline`, one query for the
    page), elsewhere the fallback's stems do."""
    if not articles:
        return []
    if uses_postgres():
        search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
        marked = {
            pk: (title, excerpt)
            for pk, title, excerpt in Article.objects.filter(
                pk__in=[article.pk for article in articles]
            ).annotate(
                title_marked=SearchHeadline(
                    "title", search_query, config=CONFIG, start_sel=START, stop_sel=STOP,
                    highlight_all=True),
                excerpt=SearchHeadline(
                    "body_text", search_query, config=CONFIG, start_sel=START, stop_sel=STOP,
                    max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … "),
            ).values_list("pk", "title_marked", "excerpt")
        }
        return [
            Hit(article, highlighted(marked[article.pk][0]),
                highlighted(marked[article.pk][1] or article.summary))
            for article in articles
        ]
    stems = [dutch_stem(word) for word in query_words(query)]
    mark = _marker(stems)
    return [
        Hit(article, highlighted(mark(article.title)),
            highlighted(_fallback_excerpt(article.body_text or article.summary, stems)))
        for article in articles
    ]
