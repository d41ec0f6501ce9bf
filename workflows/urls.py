"""The step-plan part of the site: the flow (inbox, queue, archive, processes, tasks) and the
rounds with their evidence."""

from functools import wraps

from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from viewflow.urls import Application
from viewflow.workflow.flow import FlowAppViewset

from . import flow_views, views
from .flows import StepPlanFlow
from .models import StepPlanTask
from .selectors import plans_visible


def _department_guard(view):
    """Every URL of a process or task answers 404 to a user who may not see its department,
    and to a task that is not of the process in the URL."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        process_pk = kwargs["process_pk"]
        if not request.user.is_authenticated:
            return view(request, *args, **kwargs)  # viewflow sends them to the login page
        if not plans_visible(user=request.user).filter(pk=process_pk).exists():
            raise Http404
        task_pk = kwargs.get("task_pk")
        if (
            task_pk is not None
            and not StepPlanTask.objects.filter(pk=task_pk, process_id=process_pk).exists()
        ):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _guard_patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _guard_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and "process_pk" in str(pattern.pattern):
            pattern.callback = _department_guard(pattern.callback)
    return patterns


class StepPlanViewset(FlowAppViewset):
    inbox_view_class = flow_views.InboxView
    queue_view_class = flow_views.QueueView
    archive_view_class = flow_views.ArchiveView
    task_list_view_class = flow_views.TaskListView
    process_list_view_class = flow_views.ProcessListView
    process_detail_view_class = flow_views.ProcessDetailView
    process_cancel_view_class = flow_views.ProcessCancelView
    tasks_assign_view_class = flow_views.BulkAssignView
    tasks_unassign_view_class = flow_views.BulkUnassignView
    menu_template_name = "workflows/flow_menu.html"

    @property
    def index_path(self):
        return path("", RedirectView.as_view(pattern_name="stepplan:inbox"), name="index")

    def _get_urls(self):
        return _guard_patterns(super()._get_urls())

    def get_context_data(self, request):
        tasks = StepPlanTask.objects
        return {
            # The count beside "Inbox" in the menu: what the inbox shows.
            "user_inbox": tasks.open_for([StepPlanFlow], request.user),
            "user_queue": tasks.queue([StepPlanFlow], request.user),
        }


class RoundsApp(Application):
    title = _("Yearly rounds")
    icon = "event_repeat"
    app_name = "workflows"
    menu_template_name = "workflows/menu.html"

    index_path = path("", views.RoundListView.as_view(), name="index")
    round_start_path = path("start/", views.RoundStartView.as_view(), name="round_start")
    round_detail_path = path("<int:year>/", views.RoundDetailView.as_view(), name="round_detail")
    evidence_remove_path = path(
        "evidence/<int:pk>/remove/", views.EvidenceRemoveView.as_view(), name="evidence_remove"
    )
    evidence_download_path = path(
        "evidence/<int:pk>/download/",
        views.EvidenceDownloadView.as_view(),
        name="evidence_download",
    )


step_plan_viewset = StepPlanViewset(StepPlanFlow, icon="checklist")

workflows_viewsets: list = [RoundsApp(), step_plan_viewset]
