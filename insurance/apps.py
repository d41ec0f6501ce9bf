from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsuranceConfig(AppConfig):
    name = "insurance"
    verbose_name = _("Volunteers and insurance")

    def ready(self):
        from . import audit_display

        audit_display.register()
