"""viewflow's pages of a flow (dashboard, inbox, queue, archive, process and task lists) read
their rows through the flow's querysets (`managers`): the viewset and the two lists below only
name the queryset; the flows add their columns.

`DepartmentFlowViewset` is the viewset of both flows: these lists, the audited bulk actions and
cancel page (`task_action_pages`), and the process list scoped by `get_queryset`.
"""

from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.flow.viewset import FlowAppViewset

from . import task_action_pages


class InboxView(flow_views.FlowInboxListView):
    """The tasks the user took (for the step plan also the free tasks of their role)."""

    @property
    def queryset(self):
        return self.model.objects.inbox([self.flow_class], self.request.user).order_by(
            "-created"
        )


class TaskListView(flow_views.DashboardTaskListView):
    """Every human task of the processes the user may see."""

    @property
    def queryset(self):
        return (
            self.model.objects.filter_available([self.flow_class], self.request.user)
            .filter(flow_task_type="HUMAN")
            .order_by("-created")
        )


class DepartmentFlowViewset(FlowAppViewset):
    inbox_view_class = InboxView
    task_list_view_class = TaskListView
    process_cancel_view_class = task_action_pages.ProcessCancelView
    tasks_assign_view_class = task_action_pages.BulkAssignView
    tasks_unassign_view_class = task_action_pages.BulkUnassignView

    def get_queryset(self, request):
        """The processes of the process list (viewflow's list pages ask their viewset)."""
        return self._flow_class.process_class.objects.visible_to(request.user)

