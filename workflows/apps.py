from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Step plan")

    def ready(self):
        from . import audit_display

        audit_display.register()
