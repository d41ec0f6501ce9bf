from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def other_languages() -> list[tuple[str, str]]:
    """The languages the user can switch to, each named in its own language."""
    current = get_language()
    return [(code, name) for code, name in settings.LANGUAGES if code != current]
