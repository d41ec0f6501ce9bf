"""The knowledge pages (see kennisdeling/urls.py)."""

from django.urls import path

from . import knowledge_views as views
from .models import Article

urlpatterns: list = [
    path("kennis/", views.ArticleListView.as_view(), name="article_list"),
    path("kennis/sjablonen/", views.ArticleListView.as_view(kind=Article.Kind.TEMPLATE),
         name="template_list"),
    path("kennis/faq/", views.ArticleListView.as_view(kind=Article.Kind.FAQ), name="faq_list"),
    path("kennis/zoeken/", views.SearchView.as_view(), name="knowledge_search"),
    path("kennis/nieuw/", views.ArticleCreateView.as_view(), name="article_create"),
    path("kennis/artikel/<slug:slug>/", views.ArticleDetailView.as_view(),
         name="article_detail"),
    path("kennis/artikel/<slug:slug>/bestand/", views.ArticleFileView.as_view(),
         name="article_file"),
    path("kennis/artikel/<slug:slug>/bewerken/", views.ArticleEditView.as_view(),
         name="article_edit"),
    path("kennis/artikel/<slug:slug>/versies/", views.ArticleHistoryView.as_view(),
         name="article_history"),
    path("kennis/artikel/<slug:slug>/versies/<int:number>/", views.ArticleVersionView.as_view(),
         name="article_version"),
    path("kennis/artikel/<slug:slug>/archiveren/", views.ArticleArchiveView.as_view(),
         name="article_archive"),
]
