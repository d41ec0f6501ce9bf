from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog, set_language
from viewflow.contrib.auth import AuthViewset
from viewflow.urls import Application, Site

import insurance.urls
import kennisdeling.urls
import overview.urls
import reports.urls
from beleid import access
from beleid.urls import beleid_app
from config.login_throttling import LimitedPasswordResetView
from workflows.urls import onboarding_viewsets, step_plan_viewsets

# The volunteer register imports nothing of viewflow: its plain URL patterns become an
# application of the site's menu here.
register_app = Application(
    title=_("Volunteer register"),
    icon="groups",
    app_name=insurance.urls.app_name,
    menu_template_name="insurance/menu.html",
    urlpatterns=insurance.urls.urlpatterns,
)

knowledge_app = Application(
    title=_("Training and knowledge"),
    icon="school",
    app_name=kennisdeling.urls.app_name,
    menu_template_name="kennisdeling/menu.html",
    urlpatterns=kennisdeling.urls.urlpatterns,
)


# Every role's home and the office's overview; first, so that "/" (and the login) lead to
# the home.
overview_app = Application(
    title=_("Overview"),
    icon="dashboard",
    app_name=overview.urls.app_name,
    menu_template_name="overview/menu.html",
    urlpatterns=overview.urls.urlpatterns,
)


class ReportsApplication(Application):
    """In the menu only for who may see the reports (`access.can_see_reports`)."""

    def has_view_permission(self, user, obj=None):
        return access.can_see_reports(user)


# The auditors' PDF reports (issue 11).
reports_app = ReportsApplication(
    title=_("Audit reports"),
    icon="picture_as_pdf",
    app_name=reports.urls.app_name,
    menu_template_name="reports/menu.html",
    urlpatterns=reports.urls.urlpatterns,
)


class SiteAuthViewset(AuthViewset):
    """viewflow's login, logout and password pages; password-reset requests limited."""

    pass_reset_view_class = LimitedPasswordResetView


site = Site(
    title="Vrijwilligersbeleid Gent",
    viewsets=[overview_app, beleid_app, *step_plan_viewsets, register_app, *onboarding_viewsets,
              knowledge_app, reports_app],
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", SiteAuthViewset(with_profile_view=False).urls),
    # The language switch and the JavaScript catalogue also serve the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path(
        "jsi18n/",
        login_not_required(JavaScriptCatalog.as_view()),
        name="javascript-catalog",
    ),
    path("", site.urls),
]

# Error pages in the site's style (templates/403.html, 404.html, 500.html); the 500 page gets
# the office's address without running the context processors.
handler500 = "config.views.server_error"
