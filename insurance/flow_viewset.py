"""The onboarding flow in the site, with every viewflow list scoped through `beleid.access`.

viewflow's own lists (dashboard, process and task lists, inbox, queue, archive) show every
process of the flow to anyone who may view the flow; here each is narrowed to the departments
the user may see, and the queue to the tasks the user may take.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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

# What the lists load along with each task: the onboarding, its volunteer and department
# (each row names them; without this every row costs a few queries).
TASK_RELATED = (
    "owner", "process__onboardingprocess__department",
    "process__onboardingprocess__engagement__volunteer",
)


class NamedTaskColumns:
    """viewflow's task lists, naming each task and whose onboarding it is instead of
    "#3/48"."""

    columns = ("task_link", "volunteer", "created")

    def task_link(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">{}</a>', url, task.title)

    task_link.short_description = gettext_lazy("Task")

    def volunteer(self, task):
        return task.brief

    volunteer.short_description = gettext_lazy("Volunteer and department")

    def owner_name(self, task):
        return task.owner.get_full_name() or task.owner.username if task.owner_id else "—"

    owner_name.short_description = gettext_lazy("Taken by")


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
    title = gettext_lazy("Onboardings")
    columns = ("brief", "status_words", "created", "finished", "active_tasks")
    object_link_columns = ()

    def get_queryset(self):
        return scope_processes(super().get_queryset(), self.request.user).select_related(
            "department", "engagement__volunteer").order_by("-created")

    def brief(self, process):
        url = self.request.resolver_match.flow_viewset.reverse(
            "process_detail", args=[process.pk])
        return format_html('<a href="{}">{}</a>', url, process.brief)

    brief.short_description = gettext_lazy("Volunteer and department")

    def status_words(self, process):
        return process.get_status_display()

    status_words.short_description = gettext_lazy("Status")

    def active_tasks(self, process):
        return process.active_tasks_count

    active_tasks.short_description = gettext_lazy("Open tasks")


class ScopedTaskListView(NamedTaskColumns, flow_views.DashboardTaskListView):
    columns = ("task_link", "volunteer", "created", "owner_name")

    @property
    def queryset(self):
        return scope_tasks(super().queryset, self.request.user).select_related(*TASK_RELATED)


class ScopedInboxView(NamedTaskColumns, flow_views.FlowInboxListView):
    @property
    def queryset(self):
        return scope_tasks(super().queryset, self.request.user).select_related(*TASK_RELATED)


class ScopedQueueView(NamedTaskColumns, flow_views.FlowQueueListView):
    @property
    def queryset(self):
        # Only tasks this user may take: the coordinators of the process's department.
        return scope_tasks(super().queryset, self.request.user).filter(
            process__onboardingprocess__department__coordinators=self.request.user
        ).select_related(*TASK_RELATED)


class ScopedArchiveView(NamedTaskColumns, flow_views.FlowArchiveListView):
    columns = ("task_link", "volunteer", "finished")

    @property
    def queryset(self):
        return scope_tasks(super().queryset, self.request.user).select_related(*TASK_RELATED)


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
