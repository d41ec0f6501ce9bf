"""The flows' part of the site: the yearly rounds with their evidence, the step plan and the
onboarding of a volunteer (each with viewflow's inbox, queue, archive, process and task pages)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from . import evidence_views, round_views
from .onboarding.pages import onboarding_viewset
from .plan_pages import step_plan_viewset


class RoundsApp(Application):
    title = _("Yearly rounds")
    icon = "event_repeat"
    app_name = "workflows"
    menu_template_name = "workflows/menu.html"

    index_path = path("", round_views.RoundListView.as_view(), name="index")
    round_start_path = path("start/", round_views.RoundStartView.as_view(), name="round_start")
    round_detail_path = path(
        "<int:year>/", round_views.RoundDetailView.as_view(), name="round_detail"
    )
    evidence_remove_path = path(
        "evidence/<int:pk>/remove/",
        evidence_views.EvidenceRemoveView.as_view(),
        name="evidence_remove",
    )
    evidence_download_path = path(
        "evidence/<int:pk>/download/",
        evidence_views.EvidenceDownloadView.as_view(),
        name="evidence_download",
    )


# The site shows them in this order, the register (`insurance.urls`) before the onboarding.
step_plan_viewsets: list = [RoundsApp(), step_plan_viewset]
onboarding_viewsets: list = [onboarding_viewset]
