"""How the register says an engagement's state and a volunteer's cover, in words and
Dutch long dates, the same on every page."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from insurance import selectors
from insurance.models import Engagement

register = template.Library()


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


@register.filter
def engagement_state(engagement: Engagement, today: datetime.date | None = None) -> str:
    """'start op 7 december 2026', 'actief sinds 19 augustus 2026', 'gestopt op ...'."""
    today = today or timezone.localdate()
    start, end = engagement.start_date, engagement.end_date
    if end is not None and end < today:
        return _("ended on %(date)s") % {"date": _day(end)}
    if engagement.status == Engagement.Status.INTAKE:
        if start > today:
            return _("in onboarding, starts on %(date)s") % {"date": _day(start)}
        return _("in onboarding since %(date)s") % {"date": _day(start)}
    if start > today:
        if end is not None:
            return _("starts on %(start)s, until %(end)s") % {"start": _day(start),
                                                              "end": _day(end)}
        return _("starts on %(date)s") % {"date": _day(start)}
    if end is not None:
        return _("active since %(start)s, until %(end)s") % {"start": _day(start),
                                                             "end": _day(end)}
    return _("active since %(date)s") % {"date": _day(start)}


@register.filter
def cover_state(covers, today: datetime.date | None = None) -> str:
    """The first of `covers` that has not ended: 'verzekerd sinds ...', 'verzekerd vanaf
    ...' (later), 'verzekerd van ... tot ...'; or 'niet verzekerd'."""
    today = today or timezone.localdate()
    current = [c for c in covers if c.insured_to is None or c.insured_to >= today]
    if not current:
        return _("not insured")
    cover = min(current, key=lambda c: c.insured_from)
    if cover.insured_to is not None:
        return _("insured from %(start)s until %(end)s") % {
            "start": _day(cover.insured_from), "end": _day(cover.insured_to)}
    if cover.insured_from > today:
        return _("insured from %(date)s") % {"date": _day(cover.insured_from)}
    return _("insured since %(date)s") % {"date": _day(cover.insured_from)}


@register.filter
def department_cover(volunteer) -> list:
    """A row of `selectors.department_register`: the person's current cover cut to the days
    of the department's own engagements (`selectors.cover_seen`)."""
    return selectors.cover_seen(volunteer.person.current_covers, volunteer.register_engagements)


@register.filter
def engagement_cover(engagement: Engagement) -> list:
    """The person's cover on the days of `engagement` only: what its department sees."""
    return selectors.engagement_cover(engagement=engagement)


@register.filter
def is_insured(covers, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return any(c.insured_to is None or c.insured_to >= today for c in covers)


@register.filter
def takes_insurer_list(user) -> bool:
    """Whether the user may take the insurer's list (the office's)."""
    from beleid.access import can_take_insurer_list

    return can_take_insurer_list(user)
