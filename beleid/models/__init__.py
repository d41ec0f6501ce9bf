from .audit import AuditEvent, AuditEventType
from .departments import Department, RequirementInterpretation
from .framework import FrameworkVersion, QualityLine, Requirement, Step

__all__ = [
    "AuditEvent",
    "AuditEventType",
    "Department",
    "FrameworkVersion",
    "QualityLine",
    "Requirement",
    "RequirementInterpretation",
    "Step",
]
