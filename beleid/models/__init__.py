from .audit import AuditEvent
from .departments import Department, RequirementInterpretation
from .framework import FrameworkVersion, QualityLine, Requirement, Step

__all__ = [
    "AuditEvent",
    "Department",
    "FrameworkVersion",
    "QualityLine",
    "Requirement",
    "RequirementInterpretation",
    "Step",
]
