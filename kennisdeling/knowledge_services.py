"""Writing the knowledge base: creating, changing and archiving articles.

Every save renders the Markdown once (`kennisdeling.markdown`), keeps a version row, refreshes
the search vector (PostgreSQL) and writes an audit event, all in one transaction.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from beleid.models import AuditEventType
from beleid.services.audit import audit_log

from . import markdown, search
from .models import Article, ArticleRequirement, ArticleVersion, Category, Tag

# What a template to download may be: office documents, PDF and plain text.
TEMPLATE_EXTENSIONS = (".docx", ".odt", ".pdf", ".xlsx", ".ods", ".txt", ".md")
REQUIREMENT_CODE = re.compile(r"^[A-Z]{2,5}-\d{2,3}$")
# The fields an article's audit events compare (the text by its version number).
AUDITED_FIELDS = ("kind", "title", "summary", "status", "category_id", "owner_id",
                  "last_reviewed_on", "filename")


@dataclass(frozen=True)
class ArticleInput:
    """What the office filled in for an article."""

    kind: str
    title: str
    body: str
    owner: object
    summary: str = ""
    category: Category | None = None
    tag_names: list[str] = field(default_factory=list)
    status: str = Article.Status.DRAFT
    requirement_codes: list[str] = field(default_factory=list)
    # The office says it read the article again: the review date becomes today.
    reviewed: bool = False
    file: UploadedFile | None = None


def _tags(names: list[str]) -> list[Tag]:
    """The tags of these names, new ones created (the office types them)."""
    tags = []
    for name in dict.fromkeys(" ".join(name.split())[:60] for name in names if name.strip()):
        slug = slugify(name)[:60] or "tag"
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name, slug=slug)
        tags.append(tag)
    return tags


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:180] or "artikel"
    slug, n = base, 1
    taken = Article.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check(data: ArticleInput, article: Article | None) -> list[str]:
    problems = []
    if not data.title.strip():
        problems.append(_("Give the article a title."))
    if data.kind not in Article.Kind.values:
        problems.append(_("Unknown kind of article."))
    if data.status not in (Article.Status.DRAFT, Article.Status.PUBLISHED):
        problems.append(_("An article is saved as a draft or published."))
    bad = [code for code in data.requirement_codes if not REQUIREMENT_CODE.match(code)]
    if bad:
        problems.append(_("Unknown requirement code: %(codes)s.") % {"codes": ", ".join(bad)})
    if data.file is not None and not (data.file.name or "").lower().endswith(
            TEMPLATE_EXTENSIONS):
        problems.append(_("A template is a DOCX, ODT, PDF, XLSX, ODS, TXT or MD file."))
    has_file = data.file is not None or bool(article and article.file)
    if data.kind == Article.Kind.TEMPLATE and not has_file:
        problems.append(_("A template to download needs its file."))
    return problems


def _snapshot(article: Article, codes: list[str]) -> dict:
    return {**{name: getattr(article, name) for name in AUDITED_FIELDS},
            "requirements": sorted(codes)}


def _apply(article: Article, data: ArticleInput, *, actor, today) -> None:
    article.kind = data.kind
    # The search's highlight markers can never be part of the stored text (see search.py).
    article.title = search.without_markers(data.title).strip()
    article.summary = search.without_markers(data.summary).strip()
    article.body = data.body
    article.body_html = markdown.to_html(data.body)
    article.body_text = search.without_markers(markdown.to_plain_text(data.body))
    article.category = data.category
    article.status = data.status
    article.owner = data.owner
    article.updated_at = timezone.now()
    article.updated_by = actor
    if data.reviewed or article.last_reviewed_on is None:
        article.last_reviewed_on = today
    if data.file is not None:
        article.filename = (data.file.name or "bestand").rsplit("/", 1)[-1][-200:]
        article.file.save(article.filename, data.file, save=False)


def _link_requirements(article: Article, codes: list[str]) -> None:
    codes = sorted(set(codes))
    article.requirement_links.exclude(requirement_code__in=codes).delete()
    existing = set(article.requirement_links.values_list("requirement_code", flat=True))
    ArticleRequirement.objects.bulk_create(
        ArticleRequirement(article=article, requirement_code=code)
        for code in codes if code not in existing
    )


def _keep_version(article: Article, codes: list[str], *, actor) -> ArticleVersion:
    last = article.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleVersion.objects.create(
        article=article, number=last + 1, kind=article.kind, title=article.title,
        summary=article.summary, body=article.body, body_html=article.body_html,
        status=article.status, filename=article.filename, requirement_codes=sorted(set(codes)),
        saved_at=article.updated_at, saved_by=actor,
    )


@transaction.atomic
def article_create(*, actor, data: ArticleInput) -> Article:
    """The office writes a new article (a draft or published at once), with its first
    version, its links to requirements and its tags."""
    problems = _check(data, None)
    if problems:
        raise ValidationError(problems)
    article = Article(slug=_unique_slug(data.title), created_at=timezone.now())
    _apply(article, data, actor=actor, today=timezone.localdate())
    article.save()
    article.tags.set(_tags(data.tag_names))
    _link_requirements(article, data.requirement_codes)
    version = _keep_version(article, data.requirement_codes, actor=actor)
    search.article_index(article=article)
    audit_log(actor=actor, event_type=AuditEventType.ARTICLE_CREATED, obj=article,
              after={**_snapshot(article, data.requirement_codes), "version": version.number})
    return article


@transaction.atomic
def article_update(*, actor, article: Article, data: ArticleInput) -> Article:
    """The office changes an article: a new version is kept (the old ones stay readable);
    "reviewed" sets the review date to today. Nothing changed: nothing written."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    problems = _check(data, article)
    if problems:
        raise ValidationError(problems)
    old_codes = list(article.requirement_links.values_list("requirement_code", flat=True))
    before = _snapshot(article, old_codes)
    old_body, old_tags = article.body, set(article.tags.values_list("pk", flat=True))
    _apply(article, data, actor=actor, today=timezone.localdate())
    after = _snapshot(article, data.requirement_codes)
    changed = [key for key in after if after[key] != before[key]]
    text_changed = article.body != old_body
    tags = _tags(data.tag_names)
    tags_changed = {tag.pk for tag in tags} != old_tags
    if not changed and not text_changed and not tags_changed and data.file is None:
        return article
    article.save()
    article.tags.set(tags)
    _link_requirements(article, data.requirement_codes)
    version = _keep_version(article, data.requirement_codes, actor=actor)
    search.article_index(article=article)
    audit_log(
        actor=actor, event_type=AuditEventType.ARTICLE_UPDATED, obj=article,
        before={key: before[key] for key in changed},
        after={**{key: after[key] for key in changed}, "version": version.number,
               "text_changed": text_changed, "tags": [tag.name for tag in tags]},
    )
    return article


@transaction.atomic
def article_archive(*, actor, article: Article) -> Article:
    """The office takes an article out of the knowledge base: readers no longer find it, the
    office still sees it with its versions; evidence that points to it keeps its title."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status == Article.Status.ARCHIVED:
        return article
    before = article.status
    article.status = Article.Status.ARCHIVED
    article.updated_at, article.updated_by = timezone.now(), actor
    article.save(update_fields=["status", "updated_at", "updated_by"])
    codes = list(article.requirement_links.values_list("requirement_code", flat=True))
    version = _keep_version(article, codes, actor=actor)
    audit_log(actor=actor, event_type=AuditEventType.ARTICLE_ARCHIVED, obj=article,
              before={"status": before},
              after={"status": article.status, "version": version.number})
    return article
