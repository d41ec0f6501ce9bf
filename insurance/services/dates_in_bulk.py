"""Storing one date field of many rows in a bounded number of queries (the bulk services)."""

import datetime

# Up to this many different dates, one UPDATE per date; beyond, one bulk_update (whose
# CASE expression is several times slower for the usual case: many people, one last day).
UPDATES_PER_DATE_UP_TO = 10


def save_dates(model, objects: list, field: str, **same) -> None:
    """Store each object's `field` (and the `same` values for all) in a bounded number of
    queries."""
    by_date: dict[datetime.date, list[int]] = {}
    for obj in objects:
        by_date.setdefault(getattr(obj, field), []).append(obj.pk)
    if len(by_date) <= UPDATES_PER_DATE_UP_TO:
        for date, pks in by_date.items():
            model.objects.filter(pk__in=pks).update(**{field: date}, **same)
        return
    for name, value in same.items():
        for obj in objects:
            setattr(obj, name, value)
    model.objects.bulk_update(objects, [field, *same], batch_size=1000)
