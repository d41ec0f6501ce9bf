"""What both flows share: a process of one department, who sees and manages it, its lock, and
viewflow's task actions through the audited service.

A flow mixes in `DepartmentFlowMixin` (before viewflow's `flow.Flow`) and says which audit
event each task action writes (`task_events`); the step plan adds what a cancelled or revived
task means for its step (`act_on_task`), each flow how a whole process is cancelled
(`cancel_process`).
"""

from django.db import connection
from viewflow.workflow import lock

from beleid import access

from . import task_action_pages
from .services.task_actions import TaskAction, task_act


class DatabaseLock:
    """`select ... for update` on the process row on PostgreSQL; SQLite serialises writes
    itself (and has no row locks), so a plain transaction there."""

    def __call__(self, flow_class, process_pk):
        if connection.vendor == "postgresql":
            return lock.select_for_update_lock(flow_class, process_pk)
        return lock.no_lock(flow_class, process_pk)


class DepartmentFlowMixin:
    """A flow whose processes belong to one department each (`process.department`).

    A mixin rather than a `flow.Flow` subclass: viewflow sets up every subclass of `Flow` as a
    flow of its own (its process model, its permissions).

    Seen by who may see the department (`beleid.access`; with `personal_data`, only by who
    may also see volunteers' names); managed (cancel, undo, revive) by the office.
    """

    lock_impl = DatabaseLock()
    personal_data = False
    # The audit event of each of viewflow's task actions.
    task_events: dict = {}
    # The page of each task action, on every node of the flow that offers the action.
    task_action_views = {
        TaskAction.CANCEL: task_action_pages.CancelTaskView,
        TaskAction.UNDO: task_action_pages.UndoTaskView,
        TaskAction.REVIVE: task_action_pages.ReviveTaskView,
    }

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for node in cls.instance.nodes():
            for action, view_class in cls.task_action_views.items():
                if getattr(node, f"{action}_view_class", None) is not None:
                    setattr(node, f"{action}_view_class", view_class)

    # --- who sees and manages the processes ---------------------------------------------------

    def has_view_permission(self, user, obj=None):
        if not user.is_authenticated:
            return False
        if self.personal_data and not access.can_see_personal_data(user):
            return False
        if obj is None:
            return access.sees_some_department(user)
        process = obj if hasattr(obj, "department_id") else obj.coerced
        return process.department_id is not None and access.can_view_department(
            user, process.department_id
        )

    def has_manage_permission(self, user, obj=None):
        return access.is_office(user)

    # --- what the audited pages do ------------------------------------------------------------

    def act_on_task(self, *, activation, actor, action: TaskAction):
        """One of viewflow's task actions, audited. Returns the new task of a revive."""
        return task_act(
            activation=activation, actor=actor, action=action, event_type=self.task_events[action]
        )

    def cancel_process(self, *, process, actor) -> None:
        raise NotImplementedError
