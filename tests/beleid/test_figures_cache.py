"""City-wide figures are kept until the next audit event (beleid/figures_cache.py)."""

from beleid.figures_cache import cached_figures
from beleid.models import AuditEventType
from beleid.services.audit import audit_log


def counting():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_figure_is_computed_once_while_nothing_happens(db, department):
    # given a figure asked for twice with the same parts
    calls, compute = counting()

    # when
    first = cached_figures(name="figure", parts=(department.pk,), compute=compute)
    second = cached_figures(name="figure", parts=(department.pk,), compute=compute)

    # then it was computed once, and both answers are that one
    assert (first, second, len(calls)) == (1, 1, 1)


def test_a_new_audit_event_makes_it_computed_again(db, department, consultant):
    calls, compute = counting()
    cached_figures(name="figure", parts=(department.pk,), compute=compute)

    # when something happens (every change writes an audit event)
    audit_log(actor=consultant, event_type=AuditEventType.DEPARTMENT_UPDATED,
              department=department, obj=department, before={}, after={"name": "Nieuw"})
    again = cached_figures(name="figure", parts=(department.pk,), compute=compute)

    # then the figure is computed again
    assert (again, len(calls)) == (2, 2)


def test_other_parts_or_names_are_other_figures(db, department, other_department):
    calls, compute = counting()

    cached_figures(name="figure", parts=(department.pk,), compute=compute)
    cached_figures(name="figure", parts=(other_department.pk,), compute=compute)
    cached_figures(name="other", parts=(department.pk,), compute=compute)

    assert len(calls) == 3
