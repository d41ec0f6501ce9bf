"""The volunteer register's pages: plain Django URL patterns (`app_name` "insurance").

The register imports nothing of viewflow: `config/urls.py` hangs these pages in the site's
menu as an application, with `insurance/menu.html`.
"""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "insurance"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="insurance:overview"), name="index"),
    path("overzicht/", views.RegisterOverviewView.as_view(), name="overview"),
    path("diensten/<slug:slug>/", views.DepartmentRegisterView.as_view(), name="department"),
    path(
        "diensten/<slug:slug>/import/", views.ImportUploadView.as_view(), name="import_upload"
    ),
    path(
        "import/sjabloon.csv", views.ImportTemplateView.as_view(fmt="csv"),
        name="import_template_csv",
    ),
    path(
        "import/sjabloon.xlsx", views.ImportTemplateView.as_view(fmt="xlsx"),
        name="import_template_xlsx",
    ),
    path(
        "diensten/<slug:slug>/import/<uuid:pk>/", views.ImportPreviewView.as_view(),
        name="import_preview",
    ),
    path("vrijwilligers/<int:pk>/", views.VolunteerDetailView.as_view(), name="volunteer_detail"),
    path(
        "engagementen/<int:pk>/einde/", views.EngagementEndView.as_view(), name="engagement_end"
    ),
    path("export/", views.ExportView.as_view(), name="export"),
]
