"""A step's computed status: the part of the insurance, onboarding and training steps that the
registers decide, not the checklist.

The insurance register (`insurance.selectors.register_gaps`) says whether every active
volunteer of a department is on the accident policy and was onboarded by the rules. The
training offer's attendance (`kennisdeling.training_selectors.training_valid_until`) says
whether one of the department's coordinators attended the basic training within the period of
the framework's training requirement (`Requirement.valid_months`), and until when that counts.
A step whose computed status is not met cannot be submitted, and the status is stored on the
step when it is submitted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beleid.selectors import training_period_months
from insurance.selectors import register_gaps
from kennisdeling.training_selectors import training_valid_until


@dataclass(frozen=True)
class ComputedStatus:
    met: bool
    explanation: str  # shown to the coordinator and the reviewer, e.g. "3 volunteers not insured"
    source: str = ""  # what decides it, when not the volunteer register ("From the register")


def insurance_status(*, department) -> ComputedStatus | None:
    """Met when every active volunteer of `department` is registered on the accident policy.

    A department in the round with nobody active in its register has not registered its
    volunteers yet: not met (the round is for departments that work with volunteers)."""
    signals = register_gaps(department=department)
    if not signals.active:
        return ComputedStatus(
            met=False,
            explanation=_(
                "Nobody is active in the register of your department yet: register your "
                "volunteers (import your list, or an intake) before you submit this step."
            ),
        )
    if signals.without_cover:
        return ComputedStatus(
            met=False,
            explanation=ngettext(
                "%(count)d of %(active)d active volunteers is not insured.",
                "%(count)d of %(active)d active volunteers are not insured.",
                signals.without_cover,
            )
            % {"count": signals.without_cover, "active": signals.active},
        )
    return ComputedStatus(
        met=True,
        explanation=ngettext(
            "The %(active)d active volunteer is insured.",
            "All %(active)d active volunteers are insured.",
            signals.active,
        )
        % {"active": signals.active},
    )


def onboarding_status(*, department) -> ComputedStatus | None:
    """Met when every active volunteer got the information note on or before the start, and
    every volunteer with a duty to report has a declaration recorded (no C45B warning)."""
    signals = register_gaps(department=department)
    problems = []
    if signals.without_information_note:
        problems.append(
            ngettext(
                "%(count)d active volunteer did not get the information note before the start.",
                "%(count)d active volunteers did not get the information note before the start.",
                signals.without_information_note,
            )
            % {"count": signals.without_information_note}
        )
    if signals.without_declaration:
        problems.append(
            ngettext(
                "%(count)d volunteer with a duty to report has no declaration recorded.",
                "%(count)d volunteers with a duty to report have no declaration recorded.",
                signals.without_declaration,
            )
            % {"count": signals.without_declaration}
        )
    if signals.c45b_warnings:
        problems.append(
            ngettext(
                "%(count)d volunteer started before the C45B window closed without an answer.",
                "%(count)d volunteers started before the C45B window closed without an answer.",
                len(signals.c45b_warnings),
            )
            % {"count": len(signals.c45b_warnings)}
        )
    if problems:
        return ComputedStatus(met=False, explanation=" ".join(problems))
    return ComputedStatus(
        met=True,
        explanation=_("Every active volunteer was onboarded by the rules of the register."),
    )


def training_status(*, department, framework_version, today=None) -> ComputedStatus | None:
    """Met when a coordinator of `department` attended (present) a basic-training session
    within the period of the framework's training requirement; the explanation names who,
    when, and until when it counts. Two queries."""
    today = today or timezone.localdate()
    months = training_period_months(version=framework_version)
    found = training_valid_until(department_ids=[department.pk], months=months, today=today)
    training = found.get(department.pk)
    source = _("From the training attendance")
    if training is None:
        return ComputedStatus(
            met=False,
            source=source,
            explanation=_(
                "No coordinator of your department attended a basic training yet: register "
                "for a basic training in the training offer."
            ),
        )
    values = {
        "person": training.person,
        "session": training.session_title,
        "date": date_format(training.attended_on, "DATE_FORMAT"),
        "until": date_format(training.valid_until, "DATE_FORMAT"),
    }
    if not training.is_valid(today):
        return ComputedStatus(
            met=False,
            source=source,
            explanation=_(
                "%(person)s attended the basic training “%(session)s” on %(date)s; it "
                "counted until %(until)s. A coordinator takes the basic training again."
            )
            % values,
        )
    return ComputedStatus(
        met=True,
        source=source,
        explanation=_(
            "%(person)s attended the basic training “%(session)s” on %(date)s; it "
            "counts until %(until)s."
        )
        % values,
    )


def computed_status(*, step_code: str, department, framework_version) -> ComputedStatus | None:
    """The computed status of a step of the plan, or None when the step has none."""
    if step_code == "insurance":
        return insurance_status(department=department)
    if step_code == "onboarding":
        return onboarding_status(department=department)
    if step_code == "training":
        return training_status(department=department, framework_version=framework_version)
    return None
