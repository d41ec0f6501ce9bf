import datetime

import pytest
from django.utils import timezone

from kennisdeling import training_services


def make_session(office, *, days_ahead=14, capacity=2, publish=True, basic=True, **extra):
    """A session `days_ahead` days from now, registration open until the day before."""
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days_ahead)
    fields = {
        "title": "Basisvorming vrijwilligerscoördinator",
        "provider": "Vrijwilligerspunt Gent",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=3),
        "place": "Stadhuis, Botermarkt 1, Gent",
        "is_basic_training": basic,
        "capacity": capacity,
        "registration_deadline": starts_at - datetime.timedelta(days=1),
        **extra,
    }
    session = training_services.session_create(actor=office, **fields)
    if publish:
        session = training_services.session_publish(actor=office, session=session)
    return session


@pytest.fixture
def session(consultant):
    """A published basic training in two weeks with two seats."""
    return make_session(consultant)
