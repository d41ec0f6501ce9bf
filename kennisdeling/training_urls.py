"""The training pages (see kennisdeling/urls.py)."""

from django.urls import path

from . import training_views as views

urlpatterns: list = [
    path("vormingen/", views.OfferView.as_view(), name="training_offer"),
    path("vormingen/<int:pk>/", views.SessionDetailView.as_view(), name="training_session"),
    path("vormingen/<int:pk>/inschrijven/", views.RegisterView.as_view(), name="training_register"),
    path(
        "vormingen/inschrijvingen/",
        views.DepartmentRegistrationsView.as_view(),
        name="training_registrations",
    ),
    path(
        "vormingen/inschrijvingen/<int:pk>/annuleren/",
        views.RegistrationCancelView.as_view(),
        name="training_registration_cancel",
    ),
    path("vormingen/beheer/", views.SessionManageListView.as_view(), name="training_manage"),
    path("vormingen/beheer/nieuw/", views.SessionCreateView.as_view(), name="training_create"),
    path("vormingen/<int:pk>/bewerken/", views.SessionEditView.as_view(), name="training_edit"),
    path(
        "vormingen/<int:pk>/publiceren/",
        views.SessionActionView.as_view(action="publish"),
        name="training_publish",
    ),
    path(
        "vormingen/<int:pk>/annuleren/",
        views.SessionActionView.as_view(action="cancel"),
        name="training_cancel",
    ),
    path(
        "vormingen/<int:pk>/deelnemers/",
        views.SessionRegistrationsView.as_view(),
        name="training_session_registrations",
    ),
    path(
        "vormingen/<int:pk>/aanwezigheden/",
        views.AttendanceView.as_view(),
        name="training_attendance",
    ),
    path(
        "vormingen/<int:pk>/aanwezigheden/import/",
        views.AttendanceImportView.as_view(),
        name="training_attendance_import",
    ),
]
