"""What changed in the requirements between two framework versions (a read: no writes).

Publishing records it, next year's checklists mark what to re-confirm from it, and the
framework pages show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import FrameworkVersion, Requirement

# The fields of a requirement that its rows are compared on, besides `order`.
REQUIREMENT_COLUMNS = tuple(f for f in Requirement.COMPARED_FIELDS if f != "step") + ("order",)


@dataclass(frozen=True)
class FrameworkDiff:
    """What changed in the requirements between two versions, by stable requirement code."""

    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "changed": {code: list(names) for code, names in self.changed.items()},
            "removed": list(self.removed),
        }


def requirements_of(version: FrameworkVersion) -> dict[str, dict[str, Any]]:
    """Requirement code -> its compared fields (step by code) and order, in one query."""
    rows = Requirement.objects.filter(version=version).values(
        "code", "step__code", *REQUIREMENT_COLUMNS
    )
    return {row.pop("code"): {"step": row.pop("step__code"), **row} for row in rows}


def compare_requirements(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> FrameworkDiff:
    """The diff of two `requirements_of` results."""
    changed = {}
    for code in sorted(old.keys() & new.keys()):
        names = [name for name in Requirement.COMPARED_FIELDS if old[code][name] != new[code][name]]
        if names:
            changed[code] = names
    return FrameworkDiff(
        added=sorted(new.keys() - old.keys()),
        changed=changed,
        removed=sorted(old.keys() - new.keys()),
    )


def framework_diff(*, old: FrameworkVersion | None, new: FrameworkVersion) -> FrameworkDiff:
    """The requirements added, changed (with the names of the changed fields) and removed
    from `old` to `new`, by stable code. With no `old`, every requirement is added. 2 queries.
    """
    return compare_requirements(
        requirements_of(old) if old is not None else {}, requirements_of(new)
    )
