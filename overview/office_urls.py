from django.urls import path

from . import office_views

urlpatterns = [
    path("alle-diensten/", office_views.OfficeOverviewView.as_view(), name="office"),
    path("alle-diensten/xlsx/", office_views.OfficeExportView.as_view(fmt="xlsx"),
         name="office_xlsx"),
    path("alle-diensten/csv/", office_views.OfficeExportView.as_view(fmt="csv"),
         name="office_csv"),
    path("alle-diensten/<int:year>/<slug:slug>/", office_views.OfficeCellView.as_view(),
         name="office_cell"),
]
