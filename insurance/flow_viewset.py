"""The onboarding flow in the site, with every viewflow list scoped through `beleid.access`.

viewflow's own lists (dashboard, process and task lists, inbox, queue, archive) show every
process of the flow to anyone who may view the flow; here each is narrowed to the departments
the user may see, and the queue to the tasks the user may take.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from viewflow.workflow.chart import topsort
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.flow.viewset import FlowAppViewset
from viewflow.workflow.status import STATUS

from workflows.flow_actions import (
    AuditedBulkAssignView,
    AuditedBulkUnassignView,
    AuditedProcessCancelView,
)

from . import services
from .flows import OnboardingFlow, scope_processes, scope_tasks


class ScopedDashboardView(flow_views.DashboardView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sorted_nodes, _ = topsort(self.flow_class)
        tasks = scope_tasks(
            self.flow_class.task_class._default_manager.filter_available(
                [self.flow_class], self.request.user), self.request.user)
        context["columns"] = [
            {
                "node": node,
                "node_ref": get_task_ref(node),
                "tasks": tasks.filter(
                    Q(finished__isnull=True) | Q(status=STATUS.ERROR), flow_task=node
                )[: self.MAX_ROWS],
            }
            for node in sorted_nodes
            if node.task_type in ["HUMAN", "JOB", "SUBPROCESS"]
        ]
        context["finished"] = tasks.filter(
            finished__isnull=False, flow_task__in=context["end_nodes"]
        )[: self.MAX_ROWS]
        return context


class ScopedProcessListView(flow_views.DashboardProcessListView):
    def get_queryset(self):
        return scope_processes(super().get_queryset(), self.request.user).order_by("-created")


class ScopedTaskListView(flow_views.DashboardTaskListView):
    @property
    def queryset(self):
        return scope_tasks(super().queryset, self.request.user)


class ScopedInboxView(flow_views.FlowInboxListView):
    @property
    def queryset(self):
        return scope_tasks(super().queryset, self.request.user)


class ScopedQueueView(flow_views.FlowQueueListView):
    @property
    def queryset(self):
        # Only tasks this user may take: the coordinators of the process's department.
        return scope_tasks(super().queryset, self.request.user).filter(
            process__onboardingprocess__department__coordinators=self.request.user
        )


class ScopedArchiveView(flow_views.FlowArchiveListView):
    @property
    def queryset(self):
        return scope_tasks(super().queryset, self.request.user)


class ScopedProcessDetailView(flow_views.DetailProcessView):
    def get_queryset(self):
        return scope_processes(super().get_queryset(), self.request.user).select_related(
            "department", "engagement__volunteer", "engagement__department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only the office cancels a whole onboarding (viewflow's cancel view checks it too).
        context["can_cancel"] = (
            self.object.status == STATUS.NEW
            and self.flow_class.instance.has_manage_permission(self.request.user, self.object)
        )
        return context


class ScopedChartView(flow_views.FlowChartView):
    """The chart of one onboarding shows its progress: only to who may see that process."""

    def dispatch(self, request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if process_pk is not None and not scope_processes(
            self.flow_class.process_class._default_manager.filter(pk=process_pk), request.user
        ).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class OnboardingCancelView(AuditedProcessCancelView):
    def cancel(self, *, process, actor):
        services.onboarding_cancel(process=process, actor=actor)

    @property
    def cancelled_message(self):
        return _("The onboarding has been cancelled.")


def _onboarding_tasks():
    return OnboardingFlow.task_class._default_manager


class OnboardingBulkAssignView(AuditedBulkAssignView):
    def tasks_for(self, user):
        return scope_tasks(_onboarding_tasks().queue([OnboardingFlow], user), user)

    def act(self, *, activation, user):
        services.onboarding_task_assign(activation=activation, user=user)


class OnboardingBulkUnassignView(AuditedBulkUnassignView):
    def tasks_for(self, user):
        return scope_tasks(_onboarding_tasks().inbox([OnboardingFlow], user), user)

    def act(self, *, activation, user):
        services.onboarding_task_unassign(activation=activation, user=user)


class OnboardingViewset(FlowAppViewset):
    dashboard_view_class = ScopedDashboardView
    process_list_view_class = ScopedProcessListView
    task_list_view_class = ScopedTaskListView
    inbox_view_class = ScopedInboxView
    queue_view_class = ScopedQueueView
    archive_view_class = ScopedArchiveView
    process_detail_view_class = ScopedProcessDetailView
    chart_view_class = ScopedChartView
    process_cancel_view_class = OnboardingCancelView
    tasks_assign_view_class = OnboardingBulkAssignView
    tasks_unassign_view_class = OnboardingBulkUnassignView

    def get_context_data(self, request):
        context = super().get_context_data(request)
        user = request.user
        context["user_inbox"] = scope_tasks(context["user_inbox"], user)
        context["user_queue"] = scope_tasks(context["user_queue"], user).filter(
            process__onboardingprocess__department__coordinators=user
        )
        return context


onboarding_viewset = OnboardingViewset(OnboardingFlow, icon="person_add")
