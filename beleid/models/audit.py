"""The append-only audit trail. Services write events; nothing updates or deletes them."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventType(models.TextChoices):
    """Every kind of change the application records, with its name in the user's language.

    The values are what `AuditEvent.event_type` stores: never rename one (stored events keep
    their type). A test fails when the code writes an event type that is not listed here.
    """

    # The framework and the departments (beleid)
    FRAMEWORK_LOADED = "FRAMEWORK_LOADED", _("Framework file loaded")
    FRAMEWORK_PUBLISHED = "FRAMEWORK_PUBLISHED", _("Framework version published")
    FRAMEWORK_RETIRED = "FRAMEWORK_RETIRED", _("Framework version retired")
    DEPARTMENT_CREATED = "DEPARTMENT_CREATED", _("Department created")
    DEPARTMENT_UPDATED = "DEPARTMENT_UPDATED", _("Department changed")
    COORDINATOR_ADDED = "COORDINATOR_ADDED", _("Coordinator added")
    COORDINATOR_REMOVED = "COORDINATOR_REMOVED", _("Coordinator removed")
    INTERPRETATION_UPDATED = "INTERPRETATION_UPDATED", _("Own interpretation changed")
    AUDIT_TRAIL_EXPORTED = "AUDIT_TRAIL_EXPORTED", _("Audit trail downloaded")
    # Logging in (config/login_throttling.py, django-axes)
    LOGIN_LOCKED = "LOGIN_LOCKED", _("Login locked after failed attempts")
    LOGIN_UNLOCKED = "LOGIN_UNLOCKED", _("Login lock lifted")
    # The step plan (workflows)
    ROUND_STARTED = "ROUND_STARTED", _("Yearly round started")
    PLAN_STARTED = "PLAN_STARTED", _("Step plan started")
    CHECKLISTS_PREPARED = "CHECKLISTS_PREPARED", _("Checklists prepared")
    CHECKLIST_ITEM_UPDATED = "CHECKLIST_ITEM_UPDATED", _("Checklist item changed")
    VISION_UPDATED = "VISION_UPDATED", _("Vision changed")
    EVIDENCE_ADDED = "EVIDENCE_ADDED", _("Evidence added")
    EVIDENCE_REMOVED = "EVIDENCE_REMOVED", _("Evidence removed")
    STEP_SUBMITTED = "STEP_SUBMITTED", _("Step submitted for review")
    STEP_RETURNED = "STEP_RETURNED", _("Step returned with comments")
    STEP_APPROVED = "STEP_APPROVED", _("Step approved")
    STEP_OVERDUE = "STEP_OVERDUE", _("Step overdue")
    STEP_CANCELLED = "STEP_CANCELLED", _("Step cancelled")
    STEP_REOPENED = "STEP_REOPENED", _("Step reopened")
    PLAN_SIGNED_OFF = "PLAN_SIGNED_OFF", _("Year signed off")
    PLAN_CANCELLED = "PLAN_CANCELLED", _("Step plan cancelled")
    TASK_ASSIGNED = "TASK_ASSIGNED", _("Task taken")
    TASK_UNASSIGNED = "TASK_UNASSIGNED", _("Task released")
    TASK_CANCELLED = "TASK_CANCELLED", _("Task cancelled")
    TASK_UNDONE = "TASK_UNDONE", _("Task undone")
    TASK_REVIVED = "TASK_REVIVED", _("Task revived")
    # The volunteer register (insurance)
    VOLUNTEER_REGISTERED = "VOLUNTEER_REGISTERED", _("Volunteer registered")
    VOLUNTEER_DATA_VIEWED = "VOLUNTEER_DATA_VIEWED", _("Volunteer's personal data viewed")
    VOLUNTEER_ANONYMISED = "VOLUNTEER_ANONYMISED", _("Volunteer anonymised")
    PERSON_ANONYMISED = "PERSON_ANONYMISED", _("Person anonymised on the city's insurance")
    VOLUNTEERS_IMPORTED = "VOLUNTEERS_IMPORTED", _("Volunteers imported")
    VOLUNTEERS_SEEDED = "VOLUNTEERS_SEEDED", _("Demo volunteers created")
    ENGAGEMENT_STARTED = "ENGAGEMENT_STARTED", _("Engagement started")
    ENGAGEMENT_ACTIVATED = "ENGAGEMENT_ACTIVATED", _("Engagement active after onboarding")
    ENGAGEMENT_ENDED = "ENGAGEMENT_ENDED", _("Engagement ended")
    VOLUNTEER_INSURED = "VOLUNTEER_INSURED", _("Registered on the accident insurance")
    VOLUNTEER_DEREGISTERED = "VOLUNTEER_DEREGISTERED", _("Deregistered from the accident insurance")
    INFORMATION_NOTE_RECORDED = "INFORMATION_NOTE_RECORDED", _("Information note recorded")
    DUTY_TO_REPORT_CHECKED = "DUTY_TO_REPORT_CHECKED", _("Duty to report checked")
    DECLARATION_RECORDED = "DECLARATION_RECORDED", _("Benefit declaration recorded")
    INSURANCE_EXPORTED = "INSURANCE_EXPORTED", _("Insurer's list downloaded")
    IMPORT_UPLOADED = "IMPORT_UPLOADED", _("Register file uploaded")
    IMPORT_CONFIRMED = "IMPORT_CONFIRMED", _("Register import confirmed")
    IMPORT_DISCARDED = "IMPORT_DISCARDED", _("Register file discarded")
    IMPORT_FAILED = "IMPORT_FAILED", _("Register file refused: not imported, file deleted")
    ONBOARDING_TASK_ASSIGNED = "ONBOARDING_TASK_ASSIGNED", _("Onboarding task taken")
    ONBOARDING_TASK_UNASSIGNED = "ONBOARDING_TASK_UNASSIGNED", _("Onboarding task released")
    ONBOARDING_TASK_CANCELLED = "ONBOARDING_TASK_CANCELLED", _("Onboarding task cancelled")
    ONBOARDING_TASK_UNDONE = "ONBOARDING_TASK_UNDONE", _("Onboarding task undone")
    ONBOARDING_TASK_REVIVED = "ONBOARDING_TASK_REVIVED", _("Onboarding task revived")
    ONBOARDING_CANCELLED = "ONBOARDING_CANCELLED", _("Onboarding cancelled")
    # issue 9: training (kennisdeling)
    TRAINING_SESSION_CREATED = "TRAINING_SESSION_CREATED", _("Training session created")
    TRAINING_SESSION_UPDATED = "TRAINING_SESSION_UPDATED", _("Training session changed")
    TRAINING_SESSION_PUBLISHED = "TRAINING_SESSION_PUBLISHED", _("Training session published")
    TRAINING_SESSION_CANCELLED = "TRAINING_SESSION_CANCELLED", _("Training session cancelled")
    TRAINING_REGISTERED = "TRAINING_REGISTERED", _("Registered for a training session")
    TRAINING_REGISTRATION_CANCELLED = (
        "TRAINING_REGISTRATION_CANCELLED",
        _("Training registration cancelled"),
    )
    TRAINING_REGISTRATION_PROMOTED = (
        "TRAINING_REGISTRATION_PROMOTED",
        _("Moved up from the training waiting list"),
    )
    TRAINING_ATTENDANCE_RECORDED = "TRAINING_ATTENDANCE_RECORDED", _("Training attendance recorded")
    # issue 9: pdf (documents rendered in the background: certificates, reports)
    DOCUMENT_REQUESTED = "DOCUMENT_REQUESTED", _("Document requested")
    DOCUMENT_RENDERED = "DOCUMENT_RENDERED", _("Document made")
    DOCUMENT_FAILED = "DOCUMENT_FAILED", _("Document could not be made")
    DOCUMENT_DOWNLOADED = "DOCUMENT_DOWNLOADED", _("Document downloaded")
    # issue 11: the verification page (a code or an uploaded PDF checked)
    DOCUMENT_VERIFIED = "DOCUMENT_VERIFIED", _("Document verified")
    # issue 9: knowledge base and consultation (kennisdeling)
    ARTICLE_CREATED = "ARTICLE_CREATED", _("Knowledge-base article created")
    ARTICLE_UPDATED = "ARTICLE_UPDATED", _("Knowledge-base article changed")
    ARTICLE_ARCHIVED = "ARTICLE_ARCHIVED", _("Knowledge-base article archived")
    MEETING_RECORDED = "MEETING_RECORDED", _("Consultation meeting recorded")
    MEETING_UPDATED = "MEETING_UPDATED", _("Consultation meeting changed")

    @classmethod
    def of(cls, value: str) -> "AuditEventType | None":
        """The type of a stored event (under its current spelling), None when unknown."""
        try:
            return cls(LEGACY_SPELLINGS.get(value, value))
        except ValueError:
            return None

    @classmethod
    def label_of(cls, value: str) -> str:
        """The name of a stored event type; an unknown type shows as it was stored."""
        event_type = cls.of(value)
        return event_type.label if event_type is not None else value

    def stored_values(self) -> list[str]:
        """What events of this type may hold in `event_type`: the type and its older
        spellings (stored events are never changed, so they keep theirs)."""
        return [self.value, *(old for old, new in LEGACY_SPELLINGS.items() if new == self.value)]


# Event types an earlier version wrote under another spelling. Audit events are never updated,
# so the old rows keep it; they are read (labels, filters) as the type they now are.
LEGACY_SPELLINGS = {"PLAN_CANCELED": "PLAN_CANCELLED"}


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Audit events are append-only.")

    def delete(self):
        raise PermissionDenied("Audit events are append-only.")


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "beleid.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    # One named type per kind of change: a value of AuditEventType.
    event_type = models.CharField(_("event"), max_length=64, db_index=True)
    object_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of object"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField(_("object number"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["department", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.event_type} {self.object_repr}"

    def save(self, *args, **kwargs):
        # Integrity guard, not a business rule: an event is written once.
        if not self._state.adding:
            raise PermissionDenied("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit events are append-only.")

    @property
    def event_label(self) -> str:
        return AuditEventType.label_of(self.event_type)
