"""Date rules of the duty to report: working days and the C45B window."""

import datetime
from collections.abc import Iterable

# The director of the unemployment office has 12 working days to refuse or limit (C45B).
C45B_WORKING_DAYS = 12


def add_working_days(
    start: datetime.date, days: int, holidays: Iterable[datetime.date]
) -> datetime.date:
    """The date `days` working days after `start` (Monday to Friday, minus public holidays).

    `start` itself is not counted: filed on a Monday, the first working day is the Tuesday.
    """
    closed = set(holidays)
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            remaining -= 1
    return current


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return datetime.date(year, month, day + 1)


def belgian_public_holidays(year: int) -> list[tuple[datetime.date, str]]:
    """The ten legal public holidays of Belgium, used to seed the configurable table."""
    easter = easter_sunday(year)
    return [
        (datetime.date(year, 1, 1), "Nieuwjaar"),
        (easter + datetime.timedelta(days=1), "Paasmaandag"),
        (datetime.date(year, 5, 1), "Dag van de Arbeid"),
        (easter + datetime.timedelta(days=39), "O.L.H. Hemelvaart"),
        (easter + datetime.timedelta(days=50), "Pinkstermaandag"),
        (datetime.date(year, 7, 21), "Nationale feestdag"),
        (datetime.date(year, 8, 15), "O.L.V. Hemelvaart"),
        (datetime.date(year, 11, 1), "Allerheiligen"),
        (datetime.date(year, 11, 11), "Wapenstilstand"),
        (datetime.date(year, 12, 25), "Kerstmis"),
    ]
