"""The knowledge base: articles in Markdown (an article, a template to download, a FAQ entry),
their categories and tags, every saved version, and their links to the framework's
requirements."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Article",
    "ArticleRequirement",
    "ArticleVersion",
    "Category",
    "Tag",
    "article_file_upload_to",
]

# An article not reviewed for this long shows as "to review".
REVIEW_AFTER = datetime.timedelta(days=365)


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


def article_file_upload_to(instance, filename: str) -> str:
    # A folder per article and a fresh name per upload: an old version keeps its own file.
    return f"kennisbank/{instance.slug}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Article(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        TEMPLATE = "template", _("Template to download")
        FAQ = "faq", _("Frequently asked question")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text (Markdown)"), blank=True)
    # Rendered and sanitised once, when saved (kennisdeling.markdown).
    body_html = models.TextField(_("text (HTML)"), blank=True, editable=False)
    # The words only: what the search reads and highlights.
    body_text = models.TextField(_("text (words only)"), blank=True, editable=False)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_reviewed_on = models.DateField(_("last reviewed"))
    file = models.FileField(_("file"), upload_to=article_file_upload_to, blank=True,
                            max_length=300)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # PostgreSQL's full-text vector (Dutch): title weighted A, summary B, text C; kept by the
    # services on save. On SQLite the column exists but stays empty (search falls back).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return self.title

    @property
    def review_due_on(self) -> datetime.date:
        return self.last_reviewed_on + REVIEW_AFTER

    @property
    def needs_review(self) -> bool:
        """Not reviewed for a year: shows as "to review"."""
        return self.review_due_on <= timezone.localdate()

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ArticleVersion(models.Model):
    """What an article was after each save: the history page shows them, any can be read."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=10, choices=Article.Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(_("text (HTML)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Article.Status.choices)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    requirement_codes = models.JSONField(_("requirements"), default=list, blank=True)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_version_number")
        ]

    def __str__(self):
        return f"{self.title} ({self.number})"


class ArticleRequirement(models.Model):
    """An article serves a requirement of the framework.

    Linked by the requirement's *code* ("ONB-03"), not by a foreign key to a Requirement row:
    every framework version has its own rows, while the code stays the same across versions
    (the framework file's rule: "never reuse a code for a different requirement"). So a link
    made under 2024.1 still holds once 2025.1 is published, and the checklists of every year
    find the article without the office linking it again.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="requirement_links",
    )
    requirement_code = models.CharField(_("requirement"), max_length=20, db_index=True)

    class Meta:
        verbose_name = _("requirement served")
        verbose_name_plural = _("requirements served")
        ordering = ["requirement_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "requirement_code"], name="article_requirement_once"
            )
        ]

    def __str__(self):
        return f"{self.article} - {self.requirement_code}"
