"""Reads of the knowledge base and the consultation meetings, scoped through `beleid.access`."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from beleid import access
from beleid.models import Department, FrameworkVersion, Requirement

from .models import Article, ArticleRequirement, ArticleVersion, Category, Meeting, Tag


def articles_visible(*, user) -> QuerySet[Article]:
    """Every article `user` may open (the office: drafts and archived ones too)."""
    return access.scope_knowledge(Article.objects.all(), user)


def article_list(*, user, kind: str = "", category: Category | None = None,
                 tag: Tag | None = None) -> QuerySet[Article]:
    """The articles of a list page: published ones (and the office's drafts), not archived,
    with their category, owner and tags (3 queries for any number of rows)."""
    articles = articles_visible(user=user).exclude(status=Article.Status.ARCHIVED)
    if kind:
        articles = articles.filter(kind=kind)
    if category is not None:
        articles = articles.filter(category=category)
    if tag is not None:
        articles = articles.filter(tags=tag)
    return articles.select_related("category", "owner").prefetch_related("tags").order_by(
        "category__order", "category__name", "title", "pk")


def categories() -> QuerySet[Category]:
    return Category.objects.order_by("order", "name")


def tags_in_use(*, user) -> QuerySet[Tag]:
    return Tag.objects.filter(
        articles__in=articles_visible(user=user).exclude(status=Article.Status.ARCHIVED)
    ).distinct().order_by("name")


def articles_for_requirements(*, codes: Iterable[str], user) -> dict[str, list[Article]]:
    """Requirement code -> the published articles that serve it, for many requirements in
    one query (the checklist asks it for all its items at once)."""
    found = defaultdict(list)
    links = (
        ArticleRequirement.objects.filter(
            requirement_code__in=set(codes),
            article__in=articles_visible(user=user).filter(status=Article.Status.PUBLISHED),
        )
        .select_related("article")
        .order_by("article__title", "article__pk")
    )
    for link in links:
        found[link.requirement_code].append(link.article)
    return dict(found)


def current_requirements(*, codes: Iterable[str]) -> dict[str, Requirement]:
    """Code -> the requirement in the newest published framework version that has it (the
    title an article shows; an older version's when the newest no longer has the code)."""
    found = {}
    for requirement in Requirement.objects.filter(
        code__in=set(codes), version__status=FrameworkVersion.Status.PUBLISHED
    ).select_related("version", "step").order_by("-version__published_on", "-version__code"):
        found.setdefault(requirement.code, requirement)
    return found


def requirement_choices() -> list[tuple[str, str]]:
    """The requirements an article can serve: those of the newest published version."""
    version = FrameworkVersion.objects.filter(
        status=FrameworkVersion.Status.PUBLISHED).order_by("-published_on", "-code").first()
    if version is None:
        return []
    return [(code, f"{code} {title}") for code, title in version.requirements.order_by(
        "step__order", "order", "code").values_list("code", "title")]


def article_requirements(*, article: Article) -> list[tuple[str, Requirement | None]]:
    """The requirements an article serves: (code, the requirement or None when no published
    version has the code any more)."""
    codes = [link.requirement_code for link in article.requirement_links.all()]
    found = current_requirements(codes=codes)
    return [(code, found.get(code)) for code in codes]


def article_versions(*, article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.select_related("saved_by").order_by("-number")


def article_choices(*, user) -> list[tuple[int, str]]:
    """Published articles as (id, title): what a coordinator may choose as evidence."""
    return list(
        articles_visible(user=user).filter(status=Article.Status.PUBLISHED)
        .order_by("title", "pk").values_list("pk", "title")
    )


# --- meetings -----------------------------------------------------------------------------


def meetings_visible(*, user) -> QuerySet[Meeting]:
    return access.scope_meetings(Meeting.objects.all(), user).prefetch_related(
        Prefetch("departments", queryset=Department.objects.order_by("name"))
    ).order_by("-date", "-pk")


def department_meetings(*, department: Department, user) -> QuerySet[Meeting]:
    return meetings_visible(user=user).filter(departments=department)
