"""The human task of both flows: a task for a department's coordinators or for the office.

Who may do it is asked of `beleid.access` (`can_do_department_work`), the same rule the
queues and inboxes use (`managers.DepartmentTaskQuerySet.workable_by`). Its pages for taking
and giving back a task are the audited ones (`task_action_pages`); cancel, undo and revive too, like
on every node of a flow (`department_flow.DepartmentFlowMixin`).
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.flow import utils
from viewflow.workflow.nodes.view import ViewActivation
from viewflow.workflow.signals import task_started
from viewflow.workflow.status import STATUS

from beleid import access

from . import task_action_pages
from .managers import COORDINATORS, OFFICE

OPEN = (STATUS.NEW, STATUS.ASSIGNED)


class RoleTaskActivation(ViewActivation):
    """A role task's activation: every task of the node carries the node's `task_data`."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        data = {**(data or {}), **flow_task.task_data}
        return super().create(flow_task, prev_activation, token, data=data, seed=seed)


class OpenRoleTaskActivation(RoleTaskActivation):
    """A task that whoever it is for opens and completes without taking it first: the one who
    starts it becomes its owner."""

    @Activation.status.transition(
        label="Execute",
        source=[STATUS.NEW, STATUS.ASSIGNED],
        target=STATUS.STARTED,
        permission=lambda activation, user: activation.flow_task.can_execute(user, activation.task),
    )
    def start(self, request):
        task_started.send(sender=self.flow_class, process=self.process, task=self.task)
        if self.task.owner_id is None:
            self.task.owner = request.user
            self.task.assigned = timezone.now()
        self.task.started = timezone.now()


class RoleTask(flow.View):
    """A human task for the coordinators of the process's department (`COORDINATORS`) or for
    the Vrijwilligerspunt (`OFFICE`).

    The audience is stored in the task's `owner_permission` column (`.Permission`), which the
    queues read. With `take_first` the task is taken (assigned) before it is done, as viewflow
    does by default; without, whoever it is for opens it straight from their inbox.
    `task_data` is stored in the data of every task of the node.
    """

    take_first = False
    assign_view_class = task_action_pages.AssignTaskView
    unassign_view_class = task_action_pages.UnassignTaskView

    def __init__(self, view, *, audience: str, task_data: dict | None = None, **kwargs):
        if audience not in (COORDINATORS, OFFICE):
            raise ValueError(f"Unknown audience {audience!r}")
        super().__init__(view, **kwargs)
        self.audience = audience
        self.task_data = dict(task_data or {})
        self.activation_class = RoleTaskActivation if self.take_first else OpenRoleTaskActivation
        self.Permission(audience)

    @property
    def view_path(self):
        return path(
            f"<int:process_pk>/{self.name}/<int:task_pk>/execute/",
            self._explain_refusals(utils.wrap_view(self, self.view)),
            name="execute",
        )

    def _explain_refusals(self, execute_view):
        """viewflow's execute view; when it refuses a task that was for the user but that
        someone completed meanwhile, or cannot lock the process because someone is completing
        it right now, the user is told so on the process page: nothing was changed."""

        @wraps(execute_view)
        def execute(request, *args, process_pk, task_pk, **kwargs):
            try:
                return execute_view(
                    request, *args, process_pk=process_pk, task_pk=task_pk, **kwargs
                )
            except FlowLockFailed:
                messages.error(
                    request,
                    _(
                        "Someone else is completing this task right now. Nothing was changed; "
                        "try again in a moment."
                    ),
                )
            except PermissionDenied:
                task = (
                    self.flow_class.task_class._default_manager.select_related("owner")
                    .filter(pk=task_pk)
                    .first()
                )
                if task is None or task.status in OPEN or not self.is_for(request.user, task):
                    raise
                messages.error(
                    request,
                    _("This task has already been completed by %(user)s. Nothing was changed.")
                    % {"user": task.owner.get_full_name() or task.owner.username}
                    if task.owner_id
                    else _("This task is no longer open. Nothing was changed."),
                )
            return redirect(self.flow_class.instance.reverse("process_detail", args=[process_pk]))

        return execute

    def is_for(self, user, task) -> bool:
        """The task is `user`'s work (whoever took it)."""
        department = task.process.coerced.department_id
        return access.can_do_department_work(
            user, department, for_office=self.audience == OFFICE
        )

    def can_execute(self, user, task):
        if task.owner_id is None and self.take_first:
            return False
        if task.owner_id is not None and task.owner_id != user.pk:
            return False
        return user.is_authenticated and self.is_for(user, task)

    def can_assign(self, user, task):
        return task.owner_id is None and user.is_authenticated and self.is_for(user, task)

    def can_unassign(self, user, task):
        if task.owner_id is None or not user.is_authenticated:
            return False
        return task.owner_id == user.pk or self.flow_class.instance.has_manage_permission(user)
