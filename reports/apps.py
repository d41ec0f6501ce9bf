from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Audit reports")

    def ready(self):
        from . import department_report, kinds

        # The reports, kinds of document of beleid.documents: the department report, the
        # city-wide report and the insurance register extract.
        department_report.register()
        kinds.register()
