from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeleidConfig(AppConfig):
    name = "beleid"
    verbose_name = _("Policy framework")

    def ready(self):
        from .audit_registrations import register_beleid

        register_beleid()
