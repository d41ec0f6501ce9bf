from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

beleid_app = Application(
    title=_("Beleidskader"),
    icon="policy",
    app_name="beleid",
    viewsets=[],
)
