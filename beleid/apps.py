from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeleidConfig(AppConfig):
    name = "beleid"
    verbose_name = _("Policy framework")

    def ready(self):
        from axes.signals import user_locked_out

        from .audit_registrations import register_beleid
        from .services.login_locks import on_user_locked_out

        register_beleid()
        user_locked_out.connect(on_user_locked_out, dispatch_uid="beleid-login-locked")
