"""viewflow's bulk assign/unassign and process-cancel pages, scoped and audited.

Both flows (the step plan and the onboarding of a volunteer) use these: a subclass says which
tasks the user may act on (`tasks_for`) and which audited service does the change.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import PROCESS


class _AuditedBulkTaskAction:
    permission_check: str  # the node's "can_assign" or "can_unassign"

    def tasks_for(self, user):
        raise NotImplementedError

    def act(self, *, activation, user) -> None:
        raise NotImplementedError

    def get_queryset(self):
        self.queryset = self.tasks_for(self.request.user)
        return super().get_queryset()

    def form_valid(self, form):
        user = self.request.user
        with transaction.atomic():
            for task in self.get_queryset():
                with task.activation() as activation:
                    allowed = getattr(task.flow_task, self.permission_check, None)
                    if not callable(allowed) or not allowed(user, activation.task):
                        raise PermissionDenied
                    self.act(activation=activation, user=user)
        self.message_user()
        return redirect(self.get_success_url())


class AuditedBulkAssignView(_AuditedBulkTaskAction, flow_views.BulkAssignTasksActionView):
    """Bulk assign, limited to the user's own queue, audited like a single assign."""

    permission_check = "can_assign"


class AuditedBulkUnassignView(_AuditedBulkTaskAction, flow_views.BulkUnassignTasksActionView):
    """Bulk unassign, limited to the user's own tasks, audited like a single unassign."""

    permission_check = "can_unassign"


class AuditedProcessCancelView(flow_views.CancelProcessView):
    """viewflow's cancel page (office only); the cancel itself goes through `cancel`.

    After the cancel (or when it cannot be done) the office lands on `get_cancelled_url`
    (the process list; a subclass may choose the process page)."""

    cancelled_message = ""

    def cancel(self, *, process, actor) -> None:
        raise NotImplementedError

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
            self.cancel(process=self.object, actor=request.user)
        except FlowRuntimeError:
            return self._refused()
        messages.success(request, self.cancelled_message)
        return redirect(self.get_cancelled_url())
