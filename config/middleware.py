from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


class DutchByDefaultMiddleware:
    """The UI is Dutch (nl-BE) unless the user chose another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language; city staff often
    have English browsers, so only an explicit choice (the language cookie) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """A request whose body is larger than `REQUEST_MAX_BODY_MB` is answered 413 before any of
    it is read (Django would read a file upload whole, to disk, before a form refuses it).

    The proxy in front refuses such bodies first (`client_max_body_size`, see the README);
    this is the application's own bound, for a request that reaches it all the same. A body
    without a Content-Length is not read by Django at all (WSGI), so the header is enough.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_MAX_BODY_MB * 1024 * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            response = render(
                request, "413.html", {"limit_mb": settings.REQUEST_MAX_BODY_MB}, status=413
            )
            response["Connection"] = "close"  # the unread body is not for a next request
            return response
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Every answer to a signed-in user may hold personal data (a register page, an export,
    a piece of evidence): no browser or proxy keeps a copy (`Cache-Control: no-store,
    private`). And no page may use the browser's powerful features (`Permissions-Policy`).

    Static files never reach it (WhiteNoise answers them first, cached for good); the login
    and password pages send `no-store` themselves.
    """

    PERMISSIONS_POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
            "microphone", "payment", "usb",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response


class PageContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's Content-Security-Policy (CONTENT_SECURITY_POLICY), on HTML pages: a
    download keeps its own (evidence: `sandbox`), and the flow chart (an SVG shown as an
    image) its own inline style."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
