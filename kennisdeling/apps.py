from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KennisdelingConfig(AppConfig):
    name = "kennisdeling"
    verbose_name = _("Knowledge sharing and training")

    def ready(self):
        from . import audit_display, certificates

        audit_display.register()
        # The attendance certificate, a kind of document of beleid.documents.
        certificates.register()
