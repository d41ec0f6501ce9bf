"""City-wide figures, kept until the audit trail moves on.

Some figures cost a scan of the whole register (35,000 volunteers at ten times Ghent): the
office's overview and home count them for every department at once. Every change of the data
writes an audit event in the same transaction (STYLE: every state change leaves a trace), so a
figure computed after the latest event stays right until the next one: the key holds the latest
event's number, and a new event makes the next request compute it again.

    figures = cached_figures(name="register_totals", parts=(today, tuple(ids)),
                             compute=lambda: register_totals(department_ids=ids, today=today))

One query (the latest event's number, from the primary key's index) whether the figure is kept
or not. The keys also expire after FIGURES_CACHE_SECONDS: events are numbered when written, not
when committed, so a transaction that commits after a later-numbered one could otherwise leave a
figure without its change until the next event.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max

from beleid.models import AuditEvent

T = TypeVar("T")
_MISSING = object()


def cached_figures(*, name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for the same `name` and `parts` since the latest audit
    event. `parts` must hold everything the figure depends on (the day, the departments)."""
    latest = AuditEvent.objects.aggregate(latest=Max("pk"))["latest"] or 0
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"figures:{name}:{latest}:{digest}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout=settings.FIGURES_CACHE_SECONDS)
    return value
