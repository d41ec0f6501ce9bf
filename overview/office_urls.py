from django.urls import path

from . import office_views

urlpatterns = [
    path("alle-diensten/", office_views.OfficeOverviewView.as_view(), name="office"),
]
