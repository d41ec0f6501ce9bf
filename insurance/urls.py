"""The volunteer-register part of the site (a viewflow Application)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from viewflow.urls import Application

from . import views


class InsuranceApp(Application):
    title = _("Volunteer register")
    icon = "groups"
    app_name = "insurance"
    menu_template_name = "insurance/menu.html"

    index_path = path("", RedirectView.as_view(pattern_name="insurance:overview"), name="index")
    overview_path = path("overzicht/", views.RegisterOverviewView.as_view(), name="overview")
    department_path = path(
        "diensten/<slug:slug>/", views.DepartmentRegisterView.as_view(), name="department"
    )
    import_upload_path = path(
        "diensten/<slug:slug>/import/", views.ImportUploadView.as_view(), name="import_upload"
    )
    import_template_csv_path = path(
        "import/sjabloon.csv", views.ImportTemplateView.as_view(fmt="csv"),
        name="import_template_csv",
    )
    import_template_xlsx_path = path(
        "import/sjabloon.xlsx", views.ImportTemplateView.as_view(fmt="xlsx"),
        name="import_template_xlsx",
    )
    import_preview_path = path(
        "diensten/<slug:slug>/import/<uuid:pk>/", views.ImportPreviewView.as_view(),
        name="import_preview",
    )
    volunteer_detail_path = path(
        "vrijwilligers/<int:pk>/", views.VolunteerDetailView.as_view(), name="volunteer_detail"
    )
    engagement_end_path = path(
        "engagementen/<int:pk>/einde/", views.EngagementEndView.as_view(), name="engagement_end"
    )
    export_path = path("export/", views.ExportView.as_view(), name="export")


insurance_app = InsuranceApp()

insurance_viewsets: list = [insurance_app]
