"""The site's own error handlers (config/urls.py), where Django's defaults give too little."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import TemplateDoesNotExist, loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    """500: like Django's default (no request context: a broken context processor must not
    break the error page too), plus the address to report the problem to."""
    try:
        template = loader.get_template("500.html")
    except TemplateDoesNotExist:
        return HttpResponseServerError(b"<h1>Server Error (500)</h1>", content_type="text/html")
    return HttpResponseServerError(template.render({"office_email": settings.DEFAULT_FROM_EMAIL}))
