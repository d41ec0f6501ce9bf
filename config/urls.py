from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from viewflow.contrib.auth import AuthViewset
from viewflow.urls import Site

from beleid.urls import beleid_app
from insurance.urls import insurance_viewsets
from workflows.urls import workflows_viewsets

site = Site(
    title="Vrijwilligersbeleid Gent",
    viewsets=[beleid_app, *workflows_viewsets, *insurance_viewsets],
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", AuthViewset(with_profile_view=False).urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", site.urls),
]
