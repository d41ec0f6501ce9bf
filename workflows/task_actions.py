"""viewflow's own per-task actions -- assign, unassign, cancel, undo, revive -- each through an
audited service, with messages that name the task by its title.

Both flows (the step plan and the onboarding of a volunteer) route their nodes' actions through
`audit_task_actions`.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.flow.views import (
    AssignTaskView,
    CancelTaskView,
    ReviveTaskView,
    UnassignTaskView,
    UndoTaskView,
)

from .services import tasks as task_services


class _ServiceActionMixin:
    """viewflow's confirm page of a task action; the change itself goes through `service`
    (keyword-only `activation=`, `user=`), which audits it in the same transaction. Then,
    as viewflow's own page does, a message and the way on -- the message names the task by
    its title (viewflow's says "#12")."""

    service = None

    def run_service(self):
        return self.service(activation=self.request.activation, user=self.request.user)

    def get_success_message(self, cleaned_data):
        activation = self.request.activation
        return format_html(str(self.success_message), task=activation.flow_task.task_title)

    def form_valid(self, form):
        result = self.run_service()
        if result is not None:
            self.new_task = result  # revive: the page goes on to the new task
        messages.success(
            self.request, self.get_success_message(form.cleaned_data), fail_silently=True
        )
        return HttpResponseRedirect(self.get_success_url())


class ServiceAssignTaskView(_ServiceActionMixin, AssignTaskView):
    success_message = _("You took the task “{task}”.")


class ServiceUnassignTaskView(_ServiceActionMixin, UnassignTaskView):
    success_message = _("The task “{task}” is free again for everyone it is meant for.")


class AuditedAssignTaskView(ServiceAssignTaskView):
    """The step plan's own assign page: `task_assign` audits it."""

    service = staticmethod(task_services.task_assign)


class AuditedUnassignTaskView(ServiceUnassignTaskView):
    service = staticmethod(task_services.task_unassign)


class AuditedCancelTaskView(_ServiceActionMixin, CancelTaskView):
    success_message = _("The task “{task}” has been cancelled.")


class AuditedUndoTaskView(_ServiceActionMixin, UndoTaskView):
    success_message = _("The task “{task}” has been undone.")


class AuditedReviveTaskView(_ServiceActionMixin, ReviveTaskView):
    success_message = _("The task “{task}” has been reopened.")


ACTION_VIEWS = {
    "cancel": AuditedCancelTaskView,
    "undo": AuditedUndoTaskView,
    "revive": AuditedReviveTaskView,
    "assign": ServiceAssignTaskView,
    "unassign": ServiceUnassignTaskView,
}


def audit_task_actions(flow_class, *, view_classes=None, **services) -> None:
    """Route viewflow's own per-task actions (cancel=, undo=, revive=, assign=, unassign=)
    of every node of `flow_class` that offers them through the given service, so that each
    writes its audit event. `view_classes` ({action: view class}) replaces the page of an
    action (a subclass of the class in `ACTION_VIEWS`). Call it right after the flow class,
    before its URLs are built."""
    views = {**ACTION_VIEWS, **(view_classes or {})}
    for node in flow_class.instance.nodes():
        for action, service in services.items():
            if getattr(node, f"{action}_view_class", None):
                setattr(node, f"{action}_view", views[action].as_view(service=service))
