"""The helicopter view: every role's home and the office's overview of all departments.
Each part keeps its own URL module; they share one namespace (`overview:`)."""

from . import home_urls, office_urls

app_name = "overview"

urlpatterns = [
    *home_urls.urlpatterns,
    *office_urls.urlpatterns,
]
