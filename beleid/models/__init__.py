from .audit import LEGACY_SPELLINGS, AuditEvent, AuditEventType
from .departments import Department, RequirementInterpretation
from .documents import Document
from .framework import FrameworkVersion, QualityLine, Requirement, Step

__all__ = [
    "AuditEvent",
    "AuditEventType",
    "LEGACY_SPELLINGS",
    "Department",
    "Document",
    "FrameworkVersion",
    "QualityLine",
    "Requirement",
    "RequirementInterpretation",
    "Step",
]
