"""The node types of the step-plan flow: a task for a department's coordinators or for the
Vrijwilligerspunt, and the flow lock that fits the database."""

import datetime
from functools import update_wrapper

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.fsm import TransitionNotAllowed
from viewflow.utils import is_owner
from viewflow.workflow import flow, lock
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.nodes.view import ViewActivation
from viewflow.workflow.status import STATUS

from beleid.roles import is_office

from .flow_views import TaskDetailView
from .managers import CONSULTANT_TASK, COORDINATOR_TASK
from .task_actions import AuditedAssignTaskView, AuditedUnassignTaskView, audit_task_actions

__all__ = ["audit_task_actions"]  # also used by the onboarding flow (insurance)


class DatabaseLock:
    """`select ... for update` on the process row on PostgreSQL; SQLite serialises writes
    itself (and has no row locks), so a plain transaction there."""

    def __call__(self, flow_class, process_pk):
        if connection.vendor == "postgresql":
            return lock.select_for_update_lock(flow_class, process_pk)
        return lock.no_lock(flow_class, process_pk)


def is_coordinator_of_process(user, process) -> bool:
    return user.is_authenticated and process.department.coordinators.filter(pk=user.pk).exists()


class RoleTaskActivation(ViewActivation):
    """A task that whoever it is meant for may open and complete without claiming it first:
    the one who completes it becomes its owner."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        process = prev_activation.process
        data = dict(data or {})
        if flow_task.step_kind:
            data["step"] = flow_task.step_kind
            due = process.round.due_dates.get(flow_task.step_kind)
            if due:
                data["due"] = due
        return super().create(flow_task, prev_activation, token, data=data, seed=seed)

    @Activation.status.transition(
        label="Execute",
        source=[STATUS.NEW, STATUS.ASSIGNED],
        target=STATUS.STARTED,
        permission=lambda activation, user: activation.flow_task.can_execute(user, activation.task),
    )
    def start(self, request):
        if self.task.owner_id is None:
            self.task.owner = request.user
            self.task.assigned = timezone.now()
        self.task.started = timezone.now()


def _wrap_execute_view(flow_task, origin_view):
    """viewflow's `wrap_view`, plus: the task must belong to the process of the URL, and a task
    that someone else completed meanwhile (or that is locked right now) gives a clear message
    instead of an error page."""

    def view(request, *args, process_pk, task_pk, **kwargs):
        def call_with_activation():
            task = get_object_or_404(
                flow_task.flow_class.task_class, pk=task_pk, process_id=process_pk
            )
            if task.flow_task != flow_task:
                raise PermissionDenied
            if not flow_task.is_meant_for(request.user, task):
                raise PermissionDenied
            if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
                messages.error(
                    request,
                    _("This task has already been completed by %(user)s. Nothing was changed.")
                    % {"user": task.owner.get_full_name() or task.owner.username}
                    if task.owner_id
                    else _("This task is no longer open. Nothing was changed."),
                )
                return redirect(
                    flow_task.flow_class.instance.reverse("process_detail", args=[process_pk])
                )
            if not flow_task.can_execute(request.user, task):
                raise PermissionDenied
            request.activation = flow_task.activation_class(task)
            request.activation.start(request)
            return origin_view(request, *args, process_pk=process_pk, task_pk=task_pk, **kwargs)

        try:
            if request.method == "POST":
                with flow_task.flow_class.lock(process_pk), transaction.atomic():
                    return call_with_activation()
            return call_with_activation()
        except FlowLockFailed:
            messages.error(
                request,
                _(
                    "Someone else is completing this task right now. Nothing was changed; "
                    "try again in a moment."
                ),
            )
            return redirect(
                flow_task.flow_class.instance.reverse("process_detail", args=[process_pk])
            )
        except TransitionNotAllowed as exc:
            raise PermissionDenied(",".join(exc.args)) from exc

    update_wrapper(view, origin_view)
    return view


class RoleTask(flow.View):
    """A human task for the department's own coordinators or for the Vrijwilligerspunt.

    `audience` is stored in the task's `owner_permission` column, which the scoped querysets
    (`managers.py`) use for the inbox and queue.
    """

    activation_class = RoleTaskActivation
    assign_view_class = AuditedAssignTaskView
    unassign_view_class = AuditedUnassignTaskView
    # Its page shows what the step holds, also once it is done (viewflow's generic detail
    # shows the task's raw data).
    detail_view_class = TaskDetailView

    def __init__(self, view, *, audience: str, step_kind: str = "", **kwargs):
        super().__init__(view, **kwargs)
        self.audience = audience
        self.step_kind = step_kind
        self.Permission(audience)

    @property
    def view_path(self):
        return path(
            f"<int:process_pk>/{self.name}/<int:task_pk>/execute/",
            _wrap_execute_view(self, self.view),
            name="execute",
        )

    def is_meant_for(self, user, task) -> bool:
        if self.audience == COORDINATOR_TASK:
            return is_coordinator_of_process(user, task.process.coerced)
        return is_office(user)

    def can_execute(self, user, task):
        if task.owner_id and not is_owner(task.owner, user):
            return False
        return self.is_meant_for(user, task)

    def can_assign(self, user, task):
        return task.owner_id is None and user.is_authenticated and self.is_meant_for(user, task)

    def can_unassign(self, user, task):
        if task.owner_id is None or not user.is_authenticated:
            return False
        return is_owner(task.owner, user) or is_office(user)


def coordinator_task(view, *, step_kind: str) -> RoleTask:
    return RoleTask(view, audience=COORDINATOR_TASK, step_kind=step_kind)


def office_task(view, *, step_kind: str = "") -> RoleTask:
    return RoleTask(view, audience=CONSULTANT_TASK, step_kind=step_kind)


def end_of_day(date_text: str) -> datetime.datetime:
    """The last moment of an ISO date in the local time zone."""
    day = datetime.date.fromisoformat(date_text)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))
