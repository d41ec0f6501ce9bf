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
