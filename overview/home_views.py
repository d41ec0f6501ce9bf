"""Every role's home: what the person does most, on the page they land on after login.

The office (consultants; administrators with a link to the admin) gets "what needs me
today", an auditor the departments and years with their audit trails, a coordinator their
departments' work; somebody without a role learns whom to ask. Thin: the role, a selector,
render.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from beleid import roles

from . import home_selectors as selectors

TEMPLATES = {
    selectors.OFFICE_HOME: "overview/home_office.html",
    selectors.AUDITOR_HOME: "overview/home_auditor.html",
    selectors.COORDINATOR_HOME: "overview/home_coordinator.html",
    selectors.NO_ROLE_HOME: "overview/home_no_role.html",
}


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "overview/home.html"

    def get_template_names(self):
        return [TEMPLATES[selectors.home_role(self.request.user)]]

    def get_context_data(self, **kwargs):
        user = self.request.user
        role = selectors.home_role(user)
        context = {"role": role}
        if role == selectors.OFFICE_HOME:
            context["home"] = selectors.office_home(user=user)
            context["is_administrator"] = roles.is_administrator(user)
        elif role == selectors.AUDITOR_HOME:
            context["home"] = selectors.auditor_home(
                user=user, page_number=self.request.GET.get("page"))
            context["page_obj"] = context["home"].page
        elif role == selectors.COORDINATOR_HOME:
            context["home"] = selectors.coordinator_home(user=user)
        return super().get_context_data(**context, **kwargs)
