"""Every URL of a process or task of a flow answers 404 to a user who may not see the process.

viewflow's own middleware (`viewflow.middleware.SiteMiddleware`) asks the application whether
the user may open it at all (`has_view_permission(user)`: else 403). This one asks the flow's
process queryset about the process the URL names (`visible_to`, through `beleid.access`), and
whether the task in the URL is a task of that process and of the node the URL names. Another
department's process does not exist for the user: 404, never a 403 that would tell it does.
The role checks (who may do, take or cancel a task: 403) stay with the nodes and the flow.
"""

from django.http import Http404


class ProcessVisibilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, callback, callback_args, callback_kwargs):
        process_pk = callback_kwargs.get("process_pk")
        match = request.resolver_match
        extra = getattr(getattr(match, "url_name", None), "extra", {})
        flow = extra.get("flow")
        if process_pk is None or flow is None or not request.user.is_authenticated:
            return None  # not a flow's process URL, or the login page comes first
        flow_class = flow.__class__
        processes = flow_class.process_class.objects.visible_to(request.user)
        if not processes.filter(pk=process_pk, flow_class=flow_class).exists():
            raise Http404
        task_pk, node = callback_kwargs.get("task_pk"), extra.get("node")
        if task_pk is not None:
            tasks = flow_class.task_class._default_manager.filter(
                pk=task_pk, process_id=process_pk
            )
            if node is not None:
                tasks = tasks.filter(flow_task=node)
            if not tasks.exists():
                raise Http404
        return None
