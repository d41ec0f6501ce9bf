"""The office's overview of all departments: the matrix of a round, figures and exports."""

from django.views.generic import TemplateView


class OfficeOverviewView(TemplateView):
    template_name = "overview/office.html"
