"""The computed part of the insurance and training steps.

The insurance register (volunteers on the policy) and training attendance live in other apps
that are not wired yet. Until they are, both functions return None: "not computed", and the
step is carried by its checklist alone. Once they return a status, a step whose computed status
is not met cannot be submitted, and the status is stored on the step when it is submitted.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ComputedStatus:
    met: bool
    explanation: str  # shown to the coordinator and the reviewer, e.g. "3 volunteers not insured"


def insurance_status(*, department) -> ComputedStatus | None:
    """Met when every active volunteer of `department` is registered on the accident policy."""
    return None


def training_status(*, department, framework_version) -> ComputedStatus | None:
    """Met when a coordinator of `department` attended the basic training within the period
    `framework_version.training_valid_months` sets."""
    return None


def computed_status(*, step_code: str, department, framework_version) -> ComputedStatus | None:
    """The computed status of a step of the plan, or None when the step has none."""
    if step_code == "insurance":
        return insurance_status(department=department)
    if step_code == "training":
        return training_status(department=department, framework_version=framework_version)
    return None
