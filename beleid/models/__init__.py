from .audit import LEGACY_SPELLINGS, AuditEvent, AuditEventType
from .departments import Department, RequirementInterpretation
from .framework import FrameworkVersion, QualityLine, Requirement, Step

__all__ = [
    "AuditEvent",
    "AuditEventType",
    "LEGACY_SPELLINGS",
    "Department",
    "FrameworkVersion",
    "QualityLine",
    "Requirement",
    "RequirementInterpretation",
    "Step",
]
