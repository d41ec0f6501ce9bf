"""viewflow's pages of the step plan, scoped to the user's departments and made for people:
the inbox, queue, archive and task list, the process list and page, the task's page once it is
done (its content), and the office's cancel pages that say what will happen.

Extended through viewflow's documented hooks: the viewset's `*_view_class` attributes and the
node's `detail_view_class` (`nodes.RoleTask`).
"""

import datetime

import django_filters
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, When
from django.db.models.fields.json import KeyTextTransform
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import PROCESS, STATUS

from beleid.access import visible_departments
from beleid.models import Department
from beleid.roles import is_office
from beleid.selectors import audit_rows

from . import selectors
from .flow_actions import (
    AuditedBulkAssignView,
    AuditedBulkUnassignView,
    AuditedProcessCancelView,
)
from .managers import CONSULTANT_TASK, COORDINATOR_TASK
from .models import PlanStep, StepPlanProcess, StepReview
from .services import plans as plan_services
from .services import tasks as task_services
from .task_actions import AuditedCancelTaskView
from .templatetags.stepplan import task_status


def _flow_class():
    from .flows import StepPlanFlow

    return StepPlanFlow


def due_text(value: str | None, *, open_: bool) -> str:
    """A task's due date (ISO in the task's data) as a Dutch long date, "overdue" in words."""
    if not value:
        return ""
    due = datetime.date.fromisoformat(value)
    shown = date_format(due, "DATE_FORMAT")
    if open_ and due < timezone.localdate():
        return format_html(
            '<strong class="workflows-overdue">{} ({})</strong>', shown, _("overdue")
        )
    return shown


# --- the task lists -----------------------------------------------------------------------


def _task_choices():
    flow_class = _flow_class()
    return [
        (f"{flow_class.__module__}/{flow_class.__name__}.{node.name}", node.task_title)
        for node in flow_class.instance.nodes()
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
        if task.owner_permission == COORDINATOR_TASK and returned:
            badge = _("returned")
        elif task.owner_permission == CONSULTANT_TASK and task.was_returned and not task.finished:
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
        return due_text((task.data or {}).get("due"), open_=task.finished is None)

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
        step = KeyTextTransform("step", OuterRef("data"))
        of_the_step = {"process_id": OuterRef("process_id"), "step__code": step}
        return (
            queryset.select_related("process__stepplanprocess__department", "owner")
            .annotate(
                step_status=Subquery(
                    PlanStep.objects.filter(**of_the_step).order_by().values("status")[:1]
                ),
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
            .order_by("data__due", "returned_first", "created", "pk")
        )


class InboxView(_TaskColumns, flow_views.FlowInboxListView):
    """Open tasks meant for the user: taken by them, or free for their role and departments."""

    empty_text = gettext_lazy(
        "Nothing is waiting for you. Tasks appear here when the Vrijwilligerspunt starts a "
        "yearly round, or when a department submits a step for review."
    )

    @property
    def queryset(self):
        return self._scoped(self.model.objects.open_for([self.flow_class], self.request.user))


class QueueView(_TaskColumns, flow_views.FlowQueueListView):
    columns = ("task_title", "department", "year", "due")
    empty_text = gettext_lazy(
        "No tasks are free to take. Open your inbox to see the tasks meant for you."
    )

    @property
    def queryset(self):
        return self._scoped(self.model.objects.queue([self.flow_class], self.request.user))


class ArchiveView(_TaskColumns, flow_views.FlowArchiveListView):
    columns = ("task_title", "department", "year", "status_text", "finished_on")
    empty_text = gettext_lazy(
        "You have not completed any task yet. The tasks you complete are kept here."
    )

    @property
    def queryset(self):
        return self._scoped(self.model.objects.archive([self.flow_class], self.request.user))


class TaskListView(_TaskColumns, flow_views.DashboardTaskListView):
    title = gettext_lazy("All tasks")
    columns = ("task_title", "department", "year", "due", "owner_name", "status_text")
    empty_text = gettext_lazy(
        "No tasks yet. Tasks appear here when the Vrijwilligerspunt starts a yearly round."
    )

    @property
    def queryset(self):
        return self._scoped(
            self.model.objects.filter_available([self.flow_class], self.request.user).filter(
                flow_task_type="HUMAN"
            )
        )


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
            .filter(pk__in=selectors.plans_visible(user=self.request.user).values("pk"))
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


class ProcessCancelView(AuditedProcessCancelView):
    template_name = "workflows/process_cancel.html"

    def get_queryset(self):
        return selectors.plans_visible(user=self.request.user).select_related("department")

    def cancel(self, *, process, actor):
        plan_services.plan_cancel(process=process, actor=actor)

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


# --- a task of the plan, done or open: its content ----------------------------------------

ACTION_LABELS = {
    "execute": gettext_lazy("Open the task"),
    "assign": gettext_lazy("Take the task"),
    "unassign": gettext_lazy("Give the task back"),
    "cancel": gettext_lazy("Cancel the task…"),
    "undo": gettext_lazy("Undo the task…"),
    "revive": gettext_lazy("Reopen the task…"),
}


class TaskDetailView(flow_views.DetailTaskView):
    """The page of a checklist, review or sign-off task (viewflow's `detail` of the node):
    what the step holds -- the vision, every item with its evidence, the review decisions --
    and who did what when. Readable by everyone who may see the department."""

    template_name = "workflows/task_detail.html"

    def get_actions(self):
        actions = []
        for _label, url in super().get_actions():
            slug = url.rstrip("/").rsplit("/", 1)[-1]
            if slug in ACTION_LABELS:
                actions.append((slug, ACTION_LABELS[slug], url))
        return actions

    def get_context_data(self, **kwargs):
        activation = self.request.activation
        task, process = activation.task, activation.process
        context = super().get_context_data(**kwargs)
        context["task"] = task
        context["process"] = process
        code = (task.data or {}).get("step")
        if code:
            plan_step = selectors.plan_step_of_task(task=task)
            context.update(selectors.plan_step_content(plan_step=plan_step))
            latest = selectors.latest_step_task(process=process, step_code=code)
            context["later_task"] = latest if latest is not None and latest.pk != task.pk else None
        else:
            context["sign_off_steps"] = selectors.plan_step_rows(process=process)
        return context


class StepPlanCancelTaskView(AuditedCancelTaskView):
    """The office cancels a task: the page says what will happen, for whom."""

    template_name = "workflows/task_cancel.html"

    def get_context_data(self, **kwargs):
        activation = self.request.activation
        context = super().get_context_data(**kwargs)
        context["task"] = activation.task
        context["process"] = activation.process
        audience = getattr(activation.flow_task, "audience", "")
        context["for_coordinators"] = audience == COORDINATOR_TASK
        context["is_review"] = audience == CONSULTANT_TASK and bool(
            (activation.task.data or {}).get("step")
        )
        return context

    def get_success_url(self):
        activation = self.request.activation
        return activation.flow_task.flow_class.instance.reverse(
            "process_detail", args=[activation.process.pk]
        )


# --- the bulk actions ------------------------------------------------------------------------


class BulkAssignView(AuditedBulkAssignView):
    def tasks_for(self, user):
        flow_class = _flow_class()
        return flow_class.task_class.objects.queue([flow_class], user)

    def act(self, *, activation, user):
        task_services.task_assign(activation=activation, user=user)


class BulkUnassignView(AuditedBulkUnassignView):
    def tasks_for(self, user):
        flow_class = _flow_class()
        return flow_class.task_class.objects.inbox([flow_class], user)

    def act(self, *, activation, user):
        task_services.task_unassign(activation=activation, user=user)

