"""Who sees which process and task of a flow, and whose work a task is: the querysets of both
flows (the step plan and the onboarding of a volunteer).

viewflow's pages read their rows through these querysets: its dashboard through
`filter_available`, the inbox and the menu counts through `inbox`, the queue through `queue` /
`user_queue`, the archive through `user_archive`, the process list through the viewset's
`get_queryset`. So every page holds only what `beleid.access` lets the user see, and a task is
in someone's queue or inbox exactly when they may do it (`beleid.access.scope_department_work`,
the same rule the nodes ask with `can_do_department_work`).
"""

from django.db.models import Q
from viewflow.workflow.managers import ProcessQuerySet, TaskQuerySet
from viewflow.workflow.status import STATUS

from beleid import access

# Who a human task is for, stored in viewflow's `owner_permission` column of the task.
COORDINATORS = "workflows.department_coordinator"
OFFICE = "workflows.vrijwilligerspunt_review"


class DepartmentProcessQuerySet(ProcessQuerySet):
    """Processes of one department each (a `department` field)."""

    # Whether the processes name volunteers: then only who may see personal data sees them.
    personal_data = False

    def visible_to(self, user):
        scope = access.scope_personal if self.personal_data else access.scope_visible
        return scope(self, user, field="department")

    def filter_available(self, flow_classes, user):
        return super().filter_available(flow_classes, user).visible_to(user)


class DepartmentTaskQuerySet(TaskQuerySet):
    """Tasks of processes of one department each; a subclass names the process (`process`)."""

    process = ""  # the task's process as its subclass, e.g. "process__stepplanprocess"
    personal_data = False
    # What every row of viewflow's lists shows along with a task (its summary, its owner).
    list_related: tuple[str, ...] = ("owner",)

    @property
    def department(self) -> str:
        return f"{self.process}__department"

    def visible_to(self, user):
        scope = access.scope_personal if self.personal_data else access.scope_visible
        return scope(self, user, field=self.department)

    def workable_by(self, user):
        """Tasks `user` may do: their departments' own work, the office's work for the office."""
        return access.scope_department_work(
            self, user, office_work=Q(owner_permission=OFFICE), field=self.department
        )

    def filter_available(self, flow_classes, user):
        return (
            super()
            .filter_available(flow_classes, user)
            .visible_to(user)
            .select_related(*self.list_related)
        )

    def inbox(self, flow_classes, user):
        """Open tasks the user took (and may still do)."""
        return (
            self.filter_available(flow_classes, user)
            .filter(owner=user, status=STATUS.ASSIGNED)
            .workable_by(user)
        )

    def queue(self, flow_classes, user):
        """Open tasks nobody took yet that the user may take."""
        return (
            self.filter_available(flow_classes, user)
            .filter(flow_task_type="HUMAN", status=STATUS.NEW)
            .workable_by(user)
        )

    def archive(self, flow_classes, user):
        """Tasks the user completed, of processes they may still see."""
        return self.filter_available(flow_classes, user).filter(
            owner=user, finished__isnull=False
        )

    # viewflow's own queue and archive pages ask these two.

    def user_queue(self, user, flow_class=None):
        queryset = self.filter(flow_task_type="HUMAN").visible_to(user).workable_by(user)
        if flow_class is not None:
            queryset = queryset.filter(process__flow_class=flow_class)
        return queryset.select_related(*self.list_related)

    def user_archive(self, user, flow_class=None):
        queryset = self.filter(flow_task_type="HUMAN", owner=user, finished__isnull=False)
        if flow_class is not None:
            queryset = queryset.filter(process__flow_class=flow_class)
        return queryset.visible_to(user).select_related(*self.list_related)


# --- the step plan -------------------------------------------------------------------------------


class StepPlanProcessQuerySet(DepartmentProcessQuerySet):
    pass


class StepPlanTaskQuerySet(DepartmentTaskQuerySet):
    process = "process__stepplanprocess"
    list_related = ("owner", "process__stepplanprocess__department")

    def inbox(self, flow_classes, user):
        """The user's open work: tasks they took, and the free tasks of their role (a step's
        tasks open without taking them first, see `nodes.RoleTask.take_first`)."""
        available = self.filter_available(flow_classes, user)
        mine = Q(owner=user, status=STATUS.ASSIGNED)
        free = Q(flow_task_type="HUMAN", status=STATUS.NEW)
        return available.filter(mine | free).workable_by(user)
