from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city (`seed_demo`). It sits above all apps and asks each to seed its own
    part; no app imports it. No models, no pages."""

    name = "demo"
