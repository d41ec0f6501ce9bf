"""The meeting pages (see kennisdeling/urls.py)."""

from django.urls import path

from . import meeting_views as views

urlpatterns: list = [
    path("overleg/", views.MeetingListView.as_view(), name="meeting_list"),
    path("overleg/nieuw/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("overleg/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("overleg/<int:pk>/bewerken/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("overleg/diensten/<slug:slug>/", views.DepartmentMeetingsView.as_view(),
         name="department_meetings"),
]
