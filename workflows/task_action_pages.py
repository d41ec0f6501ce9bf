"""viewflow's pages for acting on tasks and processes of either flow, each change through the
flow's audited service: a task's take, give back, cancel, undo and revive; taking and giving
back tasks in bulk; cancelling a whole process.

The flow (`department_flow.DepartmentFlowMixin`) says what each action does: `act_on_task` and
`cancel_process`. The nodes get these pages as their `*_view_class`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import PROCESS

from .services.task_actions import TaskAction

# --- one task -------------------------------------------------------------------------------


class _AuditedTaskAction:
    """viewflow's confirm page of a task action; the change itself goes through the flow's
    `act_on_task`, which audits it in the same transaction. Then, as viewflow's own page does,
    a message and the way on -- the message names the task by its title (viewflow's says
    "#12")."""

    action: TaskAction
    success_message = ""

    def form_valid(self, form):
        activation = self.request.activation
        result = activation.flow_task.flow_class.instance.act_on_task(
            activation=activation, actor=self.request.user, action=self.action
        )
        if result is not None:
            self.new_task = result  # revive: the page goes on to the new task
        messages.success(
            self.request,
            format_html(str(self.success_message), task=activation.flow_task.task_title),
            fail_silently=True,
        )
        return HttpResponseRedirect(self.get_success_url())


class AssignTaskView(_AuditedTaskAction, flow_views.AssignTaskView):
    action = TaskAction.ASSIGN
    success_message = gettext_lazy("You took the task “{task}”.")


class UnassignTaskView(_AuditedTaskAction, flow_views.UnassignTaskView):
    action = TaskAction.UNASSIGN
    success_message = gettext_lazy("The task “{task}” is free again for everyone it is meant for.")


class CancelTaskView(_AuditedTaskAction, flow_views.CancelTaskView):
    action = TaskAction.CANCEL
    success_message = gettext_lazy("The task “{task}” has been cancelled.")


class UndoTaskView(_AuditedTaskAction, flow_views.UndoTaskView):
    action = TaskAction.UNDO
    success_message = gettext_lazy("The task “{task}” has been undone.")


class ReviveTaskView(_AuditedTaskAction, flow_views.ReviveTaskView):
    action = TaskAction.REVIVE
    success_message = gettext_lazy("The task “{task}” has been reopened.")


# --- tasks in bulk ----------------------------------------------------------------------------


class _AuditedBulkAction:
    """Take or give back the selected tasks of the user's queue or inbox, each audited like a
    single take; the node's own check is asked again per task (viewflow does too)."""

    action: TaskAction
    permission_check: str  # the node's "can_assign" or "can_unassign"
    flow_class = None  # given by the viewset

    def tasks_for(self, user):
        raise NotImplementedError

    def get_queryset(self):
        self.queryset = self.tasks_for(self.request.user)
        return super().get_queryset()

    def post(self, request, *args, **kwargs):
        self.refuse_tasks_out_of_sight()
        return super().post(request, *args, **kwargs)

    def refuse_tasks_out_of_sight(self) -> None:
        """404 when a selected task number is not a task of this flow that the user may see
        (another department's, or none at all), before anything is read or changed: the same
        answer as any URL of another department's task. viewflow would act on the tasks it
        finds among the selection and call it a success."""
        if self.request.POST.get("select_all"):
            return  # the user's own queue or inbox, scoped by `tasks_for`
        try:
            selected = {int(pk) for pk in self.request.POST.getlist("pk")}
        except ValueError:
            raise Http404 from None
        visible = self.flow_class.task_class.objects.filter_available(
            [self.flow_class], self.request.user
        ).filter(pk__in=selected)
        if set(visible.values_list("pk", flat=True)) != selected:
            raise Http404

    def form_valid(self, form):
        user = self.request.user
        with transaction.atomic():
            for task in self.get_queryset():
                with task.activation() as activation:
                    allowed = getattr(task.flow_task, self.permission_check, None)
                    if not callable(allowed) or not allowed(user, activation.task):
                        raise PermissionDenied
                    task.flow_task.flow_class.instance.act_on_task(
                        activation=activation, actor=user, action=self.action
                    )
        self.message_user()
        return redirect(self.get_success_url())


class BulkAssignView(_AuditedBulkAction, flow_views.BulkAssignTasksActionView):
    """Take tasks of the user's own queue."""

    action = TaskAction.ASSIGN
    permission_check = "can_assign"

    def tasks_for(self, user):
        return self.flow_class.task_class.objects.queue([self.flow_class], user)


class BulkUnassignView(_AuditedBulkAction, flow_views.BulkUnassignTasksActionView):
    """Give back tasks the user took."""

    action = TaskAction.UNASSIGN
    permission_check = "can_unassign"

    def tasks_for(self, user):
        return self.flow_class.task_class.objects.filter_available(
            [self.flow_class], user
        ).filter(owner=user, status="ASSIGNED")


# --- a whole process ----------------------------------------------------------------------------


class ProcessCancelView(flow_views.CancelProcessView):
    """viewflow's cancel page (office only: the flow's `has_manage_permission`); the cancel
    itself goes through the flow's `cancel_process`. Afterwards (or when it cannot be done)
    the office lands on `get_cancelled_url`: the process list (a flow may choose its page)."""

    cancelled_message = ""

    def get_queryset(self):
        return self.flow_class.process_class.objects.visible_to(self.request.user)

    def get_cancelled_url(self) -> str:
        return self.request.resolver_match.flow_viewset.reverse("process_list")

    def _refused(self):
        messages.error(
            self.request, _("This process cannot be cancelled now. Nothing was changed.")
        )
        return redirect(self.get_cancelled_url())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if "_cancel_process" not in request.POST:
            return self.get(request, *args, **kwargs)
        if self.object.status in (PROCESS.DONE, PROCESS.CANCELED) or not self.can_cancel:
            return self._refused()
        try:
            self.flow_class.instance.cancel_process(process=self.object, actor=request.user)
        except FlowRuntimeError:
            return self._refused()
        messages.success(request, self.cancelled_message)
        return redirect(self.get_cancelled_url())
