"""Pages of the knowledge base. Everyone signed in reads the published articles; the office
(`beleid.access.can_write_knowledge`) writes, sees drafts, history and archived articles.
Thin: check access, call a selector or service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from beleid import access

from . import knowledge_selectors as selectors
from . import knowledge_services as services
from . import markdown, search
from .knowledge_forms import ArticleForm, SearchForm
from .models import Article, Category, Tag


class _OfficeOnly(LoginRequiredMixin):
    """Pages that change the knowledge base: the office only (403 for everyone else)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not access.can_write_knowledge(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _visible_article(user, slug: str) -> Article:
    return get_object_or_404(
        selectors.articles_visible(user=user).select_related("category", "owner", "updated_by"),
        slug=slug,
    )


class ArticleListView(LoginRequiredMixin, TemplateView):
    """The knowledge base by category, filtered by a category or tag; `kind` makes it the
    templates' or the FAQ's page."""

    template_name = "kennisdeling/knowledge/article_list.html"
    paginate_by = 25
    kind = ""

    def get_context_data(self, **kwargs):
        user = self.request.user
        category = tag = None
        if self.request.GET.get("categorie"):
            category = Category.objects.filter(slug=self.request.GET["categorie"]).first()
        if self.request.GET.get("tag"):
            tag = Tag.objects.filter(slug=self.request.GET["tag"]).first()
        page = Paginator(
            selectors.article_list(user=user, kind=self.kind, category=category, tag=tag),
            self.paginate_by,
        ).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page, kind=self.kind, kinds=Article.Kind, category=category, tag=tag,
            categories=selectors.categories(), tags=selectors.tags_in_use(user=user),
            can_write=access.can_write_knowledge(user), search_form=SearchForm(),
            **kwargs,
        )


class ArticleDetailView(LoginRequiredMixin, TemplateView):
    template_name = "kennisdeling/knowledge/article_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        article = _visible_article(user, kwargs["slug"])
        return super().get_context_data(
            article=article, body=markdown.stored(article.body_html),
            requirements=selectors.article_requirements(article=article),
            tags=article.tags.all(), can_write=access.can_write_knowledge(user), **kwargs,
        )


class ArticleFileView(LoginRequiredMixin, View):
    """A template's file, always as a download (never shown inline)."""

    def get(self, request, *args, **kwargs):
        article = _visible_article(request.user, kwargs["slug"])
        if not article.file:
            raise Http404("This article has no file.")
        response = FileResponse(article.file.open("rb"), as_attachment=True,
                                filename=article.filename or "bestand",
                                content_type="application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class _ArticleFormView(_OfficeOnly, FormView):
    """Create or edit: "Preview" shows the rendered text under the form, "Save" saves."""

    template_name = "kennisdeling/knowledge/article_form.html"
    form_class = ArticleForm
    article = None

    def get_form_kwargs(self):
        choices = selectors.requirement_choices()
        if self.article is not None:
            # A code the newest framework no longer has stays choosable (and kept) as it is.
            known = {code for code, _label in choices}
            choices += [(link.requirement_code, link.requirement_code)
                        for link in self.article.requirement_links.all()
                        if link.requirement_code not in known]
        return {**super().get_form_kwargs(), "requirement_choices": choices,
                "has_file": bool(self.article and self.article.file)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(article=self.article,
                                        max_mb=settings.EVIDENCE_MAX_UPLOAD_MB, **kwargs)

    def form_valid(self, form):
        if "preview" in self.request.POST:
            return self.render_to_response(self.get_context_data(
                form=form, preview=markdown.render(form.cleaned_data["body"])))
        try:
            article = self.save(form.entered())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, _("The article “%(title)s” has been saved.") % {
            "title": article.title})
        return redirect("kennisdeling:article_detail", slug=article.slug)


class ArticleCreateView(_ArticleFormView):
    def get_initial(self):
        return {"owner": self.request.user.pk, "status": Article.Status.DRAFT,
                "kind": self.request.GET.get("soort", Article.Kind.ARTICLE)}

    def save(self, data):
        return services.article_create(actor=self.request.user, data=data)


class ArticleEditView(_ArticleFormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.can_write_knowledge(request.user):
            self.article = _visible_article(request.user, kwargs["slug"])
            if self.article.status == Article.Status.ARCHIVED:
                messages.info(request, _("This article is archived: it can no longer be "
                                         "changed."))
                return redirect("kennisdeling:article_detail", slug=self.article.slug)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return ArticleForm.initial_of(self.article)

    def save(self, data):
        return services.article_update(actor=self.request.user, article=self.article, data=data)


class ArticleHistoryView(_OfficeOnly, TemplateView):
    template_name = "kennisdeling/knowledge/article_history.html"

    def get_context_data(self, **kwargs):
        article = _visible_article(self.request.user, kwargs["slug"])
        return super().get_context_data(
            article=article, versions=selectors.article_versions(article=article), **kwargs)


class ArticleVersionView(_OfficeOnly, TemplateView):
    template_name = "kennisdeling/knowledge/article_version.html"

    def get_context_data(self, **kwargs):
        article = _visible_article(self.request.user, kwargs["slug"])
        version = get_object_or_404(
            selectors.article_versions(article=article), number=kwargs["number"])
        return super().get_context_data(
            article=article, version=version, body=markdown.stored(version.body_html),
            requirements=selectors.current_requirements(codes=version.requirement_codes),
            **kwargs,
        )


class ArticleArchiveView(_OfficeOnly, TemplateView):
    """GET: what archiving does; POST: archive."""

    template_name = "kennisdeling/knowledge/article_archive.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.can_write_knowledge(request.user):
            self.article = _visible_article(request.user, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(article=self.article, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.article.status == Article.Status.ARCHIVED:
            messages.info(request, _("This article was already archived."))
            return redirect("kennisdeling:article_detail", slug=self.article.slug)
        services.article_archive(actor=request.user, article=self.article)
        messages.success(request, _("The article “%(title)s” has been archived.") % {
            "title": self.article.title})
        return redirect("kennisdeling:article_list")


class SearchView(LoginRequiredMixin, TemplateView):
    """Search in Dutch (see kennisdeling/search.py): ranked, hits highlighted, a page at a
    time."""

    template_name = "kennisdeling/knowledge/search.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        page = results = None
        if query:
            page = Paginator(
                search.search_articles(
                    selectors.articles_visible(user=self.request.user)
                    .exclude(status=Article.Status.ARCHIVED).select_related("category"),
                    query,
                ),
                self.paginate_by,
            ).get_page(self.request.GET.get("page"))
            results = search.hits(list(page), query)
        return super().get_context_data(
            search_form=form, query=query, page_obj=page, results=results, **kwargs)
