"""The onboarding flow in the site, with every viewflow list scoped through `beleid.access`.

viewflow's own lists (dashboard, process and task lists, inbox, queue, archive) show every
process of the flow to anyone who may view the flow; here each is narrowed to the departments
the user may see, and the queue to the tasks the user may take.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from viewflow.workflow.chart import topsort
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.flow.viewset import FlowAppViewset
from viewflow.workflow.status import PROCESS, STATUS

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
        return scope_processes(super().get_queryset(), self.request.user)


class ScopedChartView(flow_views.FlowChartView):
    """The chart of one onboarding shows its progress: only to who may see that process."""

    def dispatch(self, request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if process_pk is not None and not scope_processes(
            self.flow_class.process_class._default_manager.filter(pk=process_pk), request.user
        ).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class AuditedProcessCancelView(flow_views.CancelProcessView):
    """viewflow's cancel page (office only); the cancel itself goes through the audited
    service."""

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if (
            "_cancel_process" not in request.POST
            or self.object.status in (PROCESS.DONE, PROCESS.CANCELED)
            or not self.can_cancel
        ):
            return super().post(request, *args, **kwargs)
        try:
            services.onboarding_cancel(process=self.object, actor=request.user)
        except FlowRuntimeError:
            return self._cannot_cancel()
        messages.success(request, _("The onboarding has been cancelled."))
        return redirect(request.resolver_match.flow_viewset.reverse("process_list"))


def _onboarding_tasks():
    return OnboardingFlow.task_class._default_manager


class AuditedBulkAssignView(flow_views.BulkAssignTasksActionView):
    """viewflow's bulk assign, limited to the user's own onboarding queue and audited like a
    single assign."""

    def get_queryset(self):
        user = self.request.user
        self.queryset = scope_tasks(_onboarding_tasks().queue([OnboardingFlow], user), user)
        return super().get_queryset()

    def form_valid(self, form):
        user = self.request.user
        with transaction.atomic():
            for task in self.get_queryset():
                with task.activation() as activation:
                    if not task.flow_task.can_assign(user, activation.task):
                        raise PermissionDenied
                    services.onboarding_task_assign(activation=activation, user=user)
        self.message_user()
        return redirect(self.get_success_url())


class AuditedBulkUnassignView(flow_views.BulkUnassignTasksActionView):
    """viewflow's bulk unassign, limited to the user's own onboarding tasks and audited."""

    def get_queryset(self):
        user = self.request.user
        self.queryset = scope_tasks(_onboarding_tasks().inbox([OnboardingFlow], user), user)
        return super().get_queryset()

    def form_valid(self, form):
        user = self.request.user
        with transaction.atomic():
            for task in self.get_queryset():
                with task.activation() as activation:
                    if not task.flow_task.can_unassign(user, activation.task):
                        raise PermissionDenied
                    services.onboarding_task_unassign(activation=activation, user=user)
        self.message_user()
        return redirect(self.get_success_url())


class OnboardingViewset(FlowAppViewset):
    dashboard_view_class = ScopedDashboardView
    process_list_view_class = ScopedProcessListView
    task_list_view_class = ScopedTaskListView
    inbox_view_class = ScopedInboxView
    queue_view_class = ScopedQueueView
    archive_view_class = ScopedArchiveView
    process_detail_view_class = ScopedProcessDetailView
    chart_view_class = ScopedChartView
    process_cancel_view_class = AuditedProcessCancelView
    tasks_assign_view_class = AuditedBulkAssignView
    tasks_unassign_view_class = AuditedBulkUnassignView

    def get_context_data(self, request):
        context = super().get_context_data(request)
        user = request.user
        context["user_inbox"] = scope_tasks(context["user_inbox"], user)
        context["user_queue"] = scope_tasks(context["user_queue"], user).filter(
            process__onboardingprocess__department__coordinators=user
        )
        return context


onboarding_viewset = OnboardingViewset(OnboardingFlow, icon="person_add")
