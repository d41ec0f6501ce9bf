"""The onboarding flow in the site: viewflow's lists with the volunteer's name and department
in every row (never "#3/48"), the process page and the office's cancel page.

Who sees which row is the querysets' business (`OnboardingTaskQuerySet`,
`OnboardingProcessQuerySet`); these pages only choose the columns.
"""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import STATUS

from .. import flow_pages, task_action_pages
from .flows import OnboardingFlow

TEMPLATES = "workflows/onboarding"


class NamedTaskColumns:
    """viewflow's task lists, naming each task and whose onboarding it is."""

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


class InboxView(NamedTaskColumns, flow_pages.InboxView):
    pass


class QueueView(NamedTaskColumns, flow_views.FlowQueueListView):
    pass


class ArchiveView(NamedTaskColumns, flow_views.FlowArchiveListView):
    columns = ("task_link", "volunteer", "finished")


class TaskListView(NamedTaskColumns, flow_pages.TaskListView):
    columns = ("task_link", "volunteer", "created", "owner_name")


class ProcessListView(flow_views.DashboardProcessListView):
    title = gettext_lazy("Onboardings")
    columns = ("brief", "status_words", "created", "finished", "active_tasks")
    object_link_columns = ()

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("department", "engagement__volunteer")
            .order_by("-created")
        )

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


class ProcessDetailView(flow_views.DetailProcessView):
    template_name = f"{TEMPLATES}/process_detail.html"

    def get_queryset(self):
        return self.flow_class.process_class.objects.visible_to(self.request.user).select_related(
            "department", "engagement__volunteer", "engagement__department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["task_list"] = context["task_list"].select_related("owner")
        # Only the office cancels a whole onboarding (viewflow's cancel view checks it too).
        context["can_cancel"] = (
            self.object.status == STATUS.NEW
            and self.flow_class.instance.has_manage_permission(self.request.user, self.object)
        )
        return context


class ProcessCancelView(task_action_pages.ProcessCancelView):
    template_name = f"{TEMPLATES}/process_cancel.html"

    @property
    def cancelled_message(self):
        return _("The onboarding has been cancelled.")


class OnboardingViewset(flow_pages.DepartmentFlowViewset):
    process_list_view_class = ProcessListView
    task_list_view_class = TaskListView
    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView
    process_detail_view_class = ProcessDetailView
    process_cancel_view_class = ProcessCancelView


onboarding_viewset = OnboardingViewset(OnboardingFlow, icon="person_add")
