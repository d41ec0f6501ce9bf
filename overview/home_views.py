"""Every role's home: what the person does most, on the page they land on after login."""

from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "overview/home.html"
