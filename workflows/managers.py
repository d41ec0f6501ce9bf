"""Querysets of the step-plan processes and tasks, scoped to the user's departments.

viewflow shows every process and task to a user with the model-wide view permission; here the
dashboard, inbox, queue and archive only hold what `beleid.access` lets the user see, and a
coordinator's queue only the tasks of the departments they coordinate.
"""

from django.db.models import Q
from viewflow.workflow.managers import ProcessQuerySet, TaskQuerySet
from viewflow.workflow.status import STATUS

from beleid.access import sees_all_departments, visible_departments
from beleid.roles import is_consultant

# Who a human task is for, stored in viewflow's `owner_permission` column of the task.
COORDINATOR_TASK = "workflows.department_coordinator"
CONSULTANT_TASK = "workflows.vrijwilligerspunt_review"


class StepPlanProcessQuerySet(ProcessQuerySet):
    def visible_to(self, user):
        if sees_all_departments(user):
            return self
        return self.filter(department__in=visible_departments(user))


class StepPlanTaskQuerySet(TaskQuerySet):
    def visible_to(self, user):
        if sees_all_departments(user):
            return self
        return self.filter(process__stepplanprocess__department__in=visible_departments(user))

    def for_role_of(self, user):
        """Tasks meant for this user: their departments' checklists, or reviews for the office."""
        meant = Q(owner_permission=COORDINATOR_TASK) & Q(
            process__stepplanprocess__department__coordinators=user
        )
        if is_consultant(user):
            meant |= Q(owner_permission=CONSULTANT_TASK)
        return self.filter(meant)

    def filter_available(self, flow_classes, user):
        return super().filter_available(flow_classes, user).visible_to(user)

    def inbox(self, flow_classes, user):
        return self.filter_available(flow_classes, user).filter(owner=user, status=STATUS.ASSIGNED)

    def open_for(self, flow_classes, user):
        """The user's inbox as shown: tasks they took, and tasks free for their role."""
        available = self.filter_available(flow_classes, user)
        mine = Q(owner=user, status=STATUS.ASSIGNED)
        free = Q(pk__in=self.queue(flow_classes, user).values("pk"))
        return available.filter(mine | free)

    def queue(self, flow_classes, user):
        return (
            self.filter_available(flow_classes, user)
            .filter(flow_task_type="HUMAN", status=STATUS.NEW)
            .for_role_of(user)
        )

    def archive(self, flow_classes, user):
        return self.filter_available(flow_classes, user).filter(owner=user, finished__isnull=False)
