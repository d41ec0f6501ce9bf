from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Audit reports")

    def ready(self):
        from . import department_report

        # The department report, a kind of document of beleid.documents.
        department_report.register()
