"""viewflow's pages of the step plan, made for people: the inbox, queue, archive and task list
(each task by its title, its department, its due date), the process list and page, and the
office's page to cancel a plan that says what will happen.

Who sees which row is the querysets' business (`managers.StepPlanTaskQuerySet`); these pages
choose the columns and what each row loads along.
"""

import django_filters
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, When
from django.db.models.fields.json import KeyTextTransform
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import RedirectView
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import PROCESS, STATUS

from beleid.access import is_office, visible_departments
from beleid.models import Department
from beleid.selectors import audit_rows

from . import flow_pages, selectors, task_action_pages
from .flows import StepPlanFlow
from .managers import COORDINATORS, OFFICE
from .models import PlanStep, StepPlanProcess, StepReview
from .templatetags.stepplan import task_status


def due_text(task) -> str:
    """A task's due date (its step's) as a Dutch long date, "overdue" in words while the task
    is open and its step overdue (`PlanStep.overdue_condition`, annotated by `_scoped`)."""
    if task.due_date is None:
        return ""
    shown = date_format(task.due_date, "DATE_FORMAT")
    if task.finished is None and task.step_overdue:
        return format_html(
            '<strong class="workflows-overdue">{} ({})</strong>', shown, _("overdue")
        )
    return shown


# --- the task lists -----------------------------------------------------------------------


def _task_choices():
    return [
        (get_task_ref(node), node.task_title)
        for node in StepPlanFlow.instance.nodes()
        if getattr(node, "task_type", "") == "HUMAN"
    ]


class StepPlanTaskFilter(django_filters.FilterSet):
    """Filter the task lists by department and by kind of task, both by their names."""

    department = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Department"),
        field_name="process__stepplanprocess__department",
        queryset=lambda request: visible_departments(request.user).order_by("name")
        if request is not None
        else Department.objects.none(),
    )
    flow_task = django_filters.ChoiceFilter(label=gettext_lazy("Task"), choices=_task_choices)
    year = django_filters.NumberFilter(
        label=gettext_lazy("Year"), field_name="process__stepplanprocess__year"
    )


class StepPlanFilter(django_filters.FilterSet):
    """Filter the step plans by department and year."""

    department = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Department"),
        queryset=lambda request: visible_departments(request.user).order_by("name")
        if request is not None
        else Department.objects.none(),
    )
    year = django_filters.NumberFilter(label=gettext_lazy("Year"))


class _TaskColumns:
    """The columns of every task list: the task by its title (the link), the department by
    its name, the year, the due date; "returned" or "submitted again" in words."""

    columns = ("task_title", "department", "year", "due")
    filterset_class = StepPlanTaskFilter
    template_name = "workflows/task_list.html"
    empty_text = ""

    def task_title(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        badge = ""
        returned = task.step_status == PlanStep.Status.RETURNED
        if task.owner_permission == COORDINATORS and returned:
            badge = _("returned")
        elif task.owner_permission == OFFICE and task.was_returned and not task.finished:
            badge = _("submitted again")
        if badge:
            return format_html(
                '<a href="{}">{}</a> <span class="ui-badge ui-badge--warn">{}</span>',
                url,
                task.flow_task.task_title,
                badge,
            )
        return format_html('<a href="{}">{}</a>', url, task.flow_task.task_title)

    task_title.short_description = gettext_lazy("Task")

    def department(self, task):
        return task.process.stepplanprocess.department.name

    department.short_description = gettext_lazy("Department")

    def year(self, task):
        return str(task.process.stepplanprocess.year)

    year.short_description = gettext_lazy("Year")

    def due(self, task):
        return due_text(task)

    due.short_description = gettext_lazy("Due")

    def owner_name(self, task):
        if task.owner_id is None:
            return "—"
        return task.owner.get_full_name() or task.owner.username

    owner_name.short_description = gettext_lazy("Taken by")

    def finished_on(self, task):
        if task.finished is None:
            return ""
        return date_format(timezone.localtime(task.finished), "DATETIME_FORMAT")

    finished_on.short_description = gettext_lazy("Finished on")

    def status_text(self, task):
        return task_status(task)

    status_text.short_description = gettext_lazy("Status")

    def _scoped(self, queryset):
        """What every row shows: its step's status and due date, whether the step is overdue
        and was returned before; the returned steps first among those due the same day."""
        step = KeyTextTransform("step", OuterRef("data"))
        of_the_step = PlanStep.objects.filter(
            process_id=OuterRef("process_id"), step__code=step
        ).order_by()
        return (
            queryset.select_related("process__stepplanprocess__department", "owner")
            .annotate(
                step_status=Subquery(of_the_step.values("status")[:1]),
                due_date=Subquery(of_the_step.values("due_date")[:1]),
                step_overdue=Exists(of_the_step.filter(PlanStep.overdue_condition())),
                was_returned=Exists(
                    StepReview.objects.filter(
                        plan_step__process_id=OuterRef("process_id"),
                        plan_step__step__code=step,
                        decision=StepReview.Decision.RETURNED,
                    )
                ),
            )
            .annotate(
                returned_first=Case(
                    When(step_status=PlanStep.Status.RETURNED, then=0), default=1
                )
            )
            .order_by("due_date", "returned_first", "created", "pk")
        )


class InboxView(_TaskColumns, flow_pages.InboxView):
    """Open tasks meant for the user: taken by them, or free for their role and departments."""

    empty_text = gettext_lazy(
        "Nothing is waiting for you. Tasks appear here when the Vrijwilligerspunt starts a "
        "yearly round, or when a department submits a step for review."
    )

    @property
    def queryset(self):
        return self._scoped(super().queryset)


class QueueView(_TaskColumns, flow_views.FlowQueueListView):
    columns = ("task_title", "department", "year", "due")
    empty_text = gettext_lazy(
        "No tasks are free to take. Open your inbox to see the tasks meant for you."
    )

    @property
    def queryset(self):
        return self._scoped(super().queryset)


class ArchiveView(_TaskColumns, flow_views.FlowArchiveListView):
    columns = ("task_title", "department", "year", "status_text", "finished_on")
    empty_text = gettext_lazy(
        "You have not completed any task yet. The tasks you complete are kept here."
    )

    @property
    def queryset(self):
        return self._scoped(super().queryset)


class TaskListView(_TaskColumns, flow_pages.TaskListView):
    title = gettext_lazy("All tasks")
    columns = ("task_title", "department", "year", "due", "owner_name", "status_text")
    empty_text = gettext_lazy(
        "No tasks yet. Tasks appear here when the Vrijwilligerspunt starts a yearly round."
    )

    @property
    def queryset(self):
        return self._scoped(super().queryset)


class ProcessListView(flow_views.DashboardProcessListView):
    title = gettext_lazy("Step plans")
    filterset_class = StepPlanFilter
    columns = ("plan", "year", "status_text", "active_tasks")
    object_link_columns = ()
    template_name = "workflows/process_list.html"
    empty_text = gettext_lazy(
        "No step plans yet. The Vrijwilligerspunt starts them with a yearly round."
    )

    def plan(self, process):
        url = self.request.resolver_match.flow_viewset.reverse("process_detail", args=[process.pk])
        return format_html('<a href="{}">{}</a>', url, process.department.name)

    plan.short_description = gettext_lazy("Department")

    def year(self, process):
        return str(process.year)

    year.short_description = gettext_lazy("Year")

    def status_text(self, process):
        if process.signed_off_at:
            return _("Signed off")
        if process.status == PROCESS.CANCELED:
            return _("Cancelled")
        return _("In progress")

    status_text.short_description = gettext_lazy("Status")

    def active_tasks(self, process):
        return process.open_tasks

    active_tasks.short_description = gettext_lazy("Open tasks")

    def get_queryset(self):
        open_task = Q(
            task__flow_task_type="HUMAN", task__status__in=[STATUS.NEW, STATUS.ASSIGNED]
        )
        return (
            super()
            .get_queryset()
            .select_related("department")
            .annotate(open_tasks=Count("task", filter=open_task))
            .order_by("-year", "department__name")
        )


# --- the process page ---------------------------------------------------------------------


class ProcessDetailView(flow_views.DetailProcessView):
    HISTORY_ROWS = 30
    template_name = "workflows/process_detail.html"

    def get_queryset(self):
        return selectors.plans_visible(user=self.request.user).select_related(
            "department", "round__framework_version", "signed_off_by"
        )

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            raise
        except StepPlanProcess.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = context["process"]
        context["task_list"] = (
            context["task_list"].filter(flow_task_type="HUMAN").select_related("owner")
        )
        context["step_rows"] = selectors.plan_step_rows(process=process)
        # The latest events, as the audit trail shows them; the whole trail is one link away.
        history = selectors.plan_history(process=process)[: self.HISTORY_ROWS + 1]
        context["audit_rows"] = audit_rows(history[: self.HISTORY_ROWS], self.request.user)
        context["history_cut"] = len(history) > self.HISTORY_ROWS
        context["visions"] = selectors.approved_visions(department=process.department)
        context["can_cancel"] = is_office(self.request.user) and process.finished is None
        return context


class ProcessCancelView(task_action_pages.ProcessCancelView):
    template_name = "workflows/process_cancel.html"

    def get_queryset(self):
        return super().get_queryset().select_related("department")

    def get_cancelled_url(self):
        return self.request.resolver_match.flow_viewset.reverse(
            "process_detail", args=[self.object.pk]
        )

    @property
    def cancelled_message(self):
        return _("The step plan of %(department)s %(year)s has been cancelled.") % {
            "department": self.object.department.name,
            "year": self.object.year,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_steps"] = [
            row for row in selectors.plan_step_rows(process=self.object) if row.is_open
        ]
        return context


class StepPlanViewset(flow_pages.DepartmentFlowViewset):
    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView
    task_list_view_class = TaskListView
    process_list_view_class = ProcessListView
    process_detail_view_class = ProcessDetailView
    process_cancel_view_class = ProcessCancelView
    menu_template_name = "workflows/flow_menu.html"

    @property
    def index_path(self):
        return path("", RedirectView.as_view(pattern_name="stepplan:inbox"), name="index")


step_plan_viewset = StepPlanViewset(StepPlanFlow, icon="checklist")
