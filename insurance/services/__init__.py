"""Writes of the volunteer register, one module per entity. Each service: one transaction, an
audit event per change. Audit events name volunteers by id only (see `Volunteer.__str__`),
never by name or birth date.

- `volunteers`: registering a person (one record per person), opening their data;
- `engagements`: starting, activating and ending engagements in departments;
- `coverage`: the insured-once rule, the one writer of the accident cover;
- `information_notes`, `duty_to_report`: the proofs of the Volunteer Law;
- `anonymisation`: erasing the personal data of engagements that ended long ago;

The import of a department's list lives in `insurance.volunteer_import`. Every service here
is importable as `insurance.services.<name>`.
"""

from .anonymisation import volunteers_anonymise
from .coverage import (
    CoverChanges,
    coverage_deregister_many,
    coverage_register,
    coverage_register_many,
)
from .duty_to_report import declaration_record, volunteer_check_duty_to_report
from .engagements import engagement_activate, engagement_end, engagement_start, engagements_end
from .information_notes import information_note_record
from .volunteers import (
    clean_national_number,
    find_same_person,
    volunteer_data_opened,
    volunteer_register,
)

__all__ = [
    "CoverChanges",
    "clean_national_number",
    "coverage_deregister_many",
    "coverage_register",
    "coverage_register_many",
    "declaration_record",
    "engagement_activate",
    "engagement_end",
    "engagement_start",
    "engagements_end",
    "find_same_person",
    "information_note_record",
    "volunteer_check_duty_to_report",
    "volunteer_data_opened",
    "volunteer_register",
    "volunteers_anonymise",
]
