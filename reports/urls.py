"""The auditors' reports: departments and years to report on, the archive, the verification
(beleid's verification page). Namespace `reports:`."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportIndexView.as_view(), name="index"),
]
