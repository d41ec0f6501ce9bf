from django.conf import settings


def office(request) -> dict:
    """Whom people write to: the Vrijwilligerspunt's address, e.g. on the 403 page."""
    return {"office_email": settings.DEFAULT_FROM_EMAIL}
