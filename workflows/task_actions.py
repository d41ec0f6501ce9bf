"""viewflow's own per-task actions -- assign, unassign, cancel, undo, revive -- each through an
audited service, with messages that name the task by its title.

Both flows (the step plan and the onboarding of a volunteer) route their nodes' actions through
`audit_task_actions`.
"""

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


class _TaskTitleMessageMixin:
    """viewflow's success message names the task "#12"; ours names it by its title."""

    def get_success_message(self, cleaned_data):
        activation = self.request.activation
        return format_html(str(self.success_message), task=activation.flow_task.task_title)


class AuditedAssignTaskView(_TaskTitleMessageMixin, AssignTaskView):
    success_message = _("You took the task “{task}”.")

    def form_valid(self, form):
        task_services.task_assign(activation=self.request.activation, user=self.request.user)
        return super(AssignTaskView, self).form_valid(form)


class AuditedUnassignTaskView(_TaskTitleMessageMixin, UnassignTaskView):
    success_message = _("The task “{task}” is free again for everyone it is meant for.")

    def form_valid(self, form):
        task_services.task_unassign(activation=self.request.activation, user=self.request.user)
        return super(UnassignTaskView, self).form_valid(form)


class _ServiceActionMixin(_TaskTitleMessageMixin):
    """viewflow's confirm page of a task action; the change itself goes through `service`
    (keyword-only `activation=`, `user=`), which audits it in the same transaction."""

    service = None

    def run_service(self):
        return self.service(activation=self.request.activation, user=self.request.user)


class AuditedCancelTaskView(_ServiceActionMixin, CancelTaskView):
    success_message = _("The task “{task}” has been cancelled.")

    def form_valid(self, form):
        self.run_service()
        return super(CancelTaskView, self).form_valid(form)


class AuditedUndoTaskView(_ServiceActionMixin, UndoTaskView):
    success_message = _("The task “{task}” has been undone.")

    def form_valid(self, form):
        self.run_service()
        return super(UndoTaskView, self).form_valid(form)


class AuditedReviveTaskView(_ServiceActionMixin, ReviveTaskView):
    success_message = _("The task “{task}” has been reopened.")

    def form_valid(self, form):
        self.new_task = self.run_service()
        return super(ReviveTaskView, self).form_valid(form)


class ServiceAssignTaskView(_ServiceActionMixin, AssignTaskView):
    success_message = AuditedAssignTaskView.success_message

    def form_valid(self, form):
        self.run_service()
        return super(AssignTaskView, self).form_valid(form)


class ServiceUnassignTaskView(_ServiceActionMixin, UnassignTaskView):
    success_message = AuditedUnassignTaskView.success_message

    def form_valid(self, form):
        self.run_service()
        return super(UnassignTaskView, self).form_valid(form)


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
