"""Template tags of the PDF templates (templates/pdf/, <app>/templates/<app>/pdf/)."""

from django import template

from beleid.pdf import static_file_url

register = template.Library()


@register.simple_tag
def pdf_static(path: str) -> str:
    """The address of a static file ("fonts/DejaVuSans.ttf") that the PDF renderer's fetcher
    serves: the file on disk, found as `collectstatic` would find it. `{% static %}` gives a
    web address, which a PDF (rendered without a web server) must not load."""
    return static_file_url(path)
