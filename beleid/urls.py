from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from viewflow.urls import Application

from . import views
from .documents import views as document_views


class BeleidApp(Application):
    title = _("Policy framework")
    icon = "policy"
    app_name = "beleid"
    menu_template_name = "beleid/menu.html"

    index_path = path(
        "", RedirectView.as_view(pattern_name="beleid:framework_list"), name="index"
    )
    framework_list_path = path("kader/", views.FrameworkListView.as_view(), name="framework_list")
    # Before the detail: "vergelijken" is no version code.
    framework_compare_path = path(
        "kader/vergelijken/", views.FrameworkCompareView.as_view(), name="framework_compare"
    )
    framework_detail_path = path(
        "kader/<str:code>/", views.FrameworkDetailView.as_view(), name="framework_detail"
    )
    department_list_path = path(
        "diensten/", views.DepartmentListView.as_view(), name="department_list"
    )
    department_detail_path = path(
        "diensten/<slug:slug>/", views.DepartmentDetailView.as_view(), name="department_detail"
    )
    interpretation_path = path(
        "diensten/<slug:slug>/vertaling/<str:version>/<str:code>/",
        views.InterpretationEditView.as_view(),
        name="interpretation_edit",
    )
    audit_trail_path = path(
        "diensten/<slug:slug>/audit/", views.AuditTrailView.as_view(), name="audit_trail"
    )
    audit_trail_csv_path = path(
        "diensten/<slug:slug>/audit/csv/", views.AuditTrailCsvView.as_view(),
        name="audit_trail_csv",
    )

    # Documents (PDFs) rendered in the background: see beleid/documents/.
    document_request_path = path(
        "documenten/aanvragen/<slug:kind>/", document_views.DocumentRequestView.as_view(),
        name="document_request",
    )
    # Before the document's own pages: "controleren" is no uuid, but reads first.
    document_verify_path = path(
        "documenten/controleren/", document_views.DocumentVerifyView.as_view(),
        name="document_verify",
    )
    document_status_path = path(
        "documenten/<uuid:pk>/", document_views.DocumentStatusView.as_view(),
        name="document_status",
    )
    document_download_path = path(
        "documenten/<uuid:pk>/downloaden/", document_views.DocumentDownloadView.as_view(),
        name="document_download",
    )


beleid_app = BeleidApp()
