"""The models of the flows.

The yearly round of the step plan: a viewflow process per department and year, its steps (each
with its due date), their checklists (one item per applicable requirement) and the evidence
behind them. The onboarding of a volunteer: `onboarding.models`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

from .managers import StepPlanProcessQuerySet, StepPlanTaskQuerySet
from .onboarding.models import OnboardingProcess, OnboardingTask

__all__ = ["OnboardingProcess", "OnboardingTask"]  # registered with the app from here


class Round(models.Model):
    """The office starts one round per year for a framework version and a set of departments."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    framework_version = models.ForeignKey(
        "beleid.FrameworkVersion",
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("yearly round")
        verbose_name_plural = _("yearly rounds")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} ({self.framework_version.code})"


class StepPlanProcess(Process):
    """One department's step plan for one year: the viewflow process."""

    round = models.ForeignKey(
        Round, verbose_name=_("yearly round"), on_delete=models.PROTECT, related_name="processes"
    )
    department = models.ForeignKey(
        "beleid.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="step_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_comment = models.TextField(_("sign-off comment"), blank=True)
    # When the checklists were prepared (in the background, after the round started).
    prepared_at = models.DateTimeField(_("checklists prepared"), null=True, blank=True)

    objects = StepPlanProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("step plan")
        verbose_name_plural = _("step plans")
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="one_plan_per_year")
        ]

    def __str__(self):
        return f"{self.department} {self.year}"


class StepPlanTask(Task):
    """viewflow's task, with querysets scoped to the user's departments."""

    objects = StepPlanTaskQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("task")
        verbose_name_plural = _("tasks")


class PlanStepQuerySet(models.QuerySet):
    def overdue(self, *, today: datetime.date | None = None):
        """Steps whose due date passed while they were still open (`PlanStep.is_overdue`)."""
        return self.filter(PlanStep.overdue_condition(today=today))


class PlanStep(models.Model):
    """One step of a department's plan in a year, with its due date and review state.

    The due date is stored here only; the step is overdue once its due date has passed while
    it is still open (not approved, not cancelled): `overdue_condition` for queries,
    `is_overdue` for one step.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Being completed")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned with comments")
        APPROVED = "approved", _("Approved")
        CANCELLED = "cancelled", _("Cancelled")

    # Statuses of a step somebody still has to act on.
    STILL_OPEN = (Status.OPEN, Status.SUBMITTED, Status.RETURNED)

    process = models.ForeignKey(
        StepPlanProcess,
        verbose_name=_("step plan"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    step = models.ForeignKey(
        "beleid.Step", verbose_name=_("step"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    due_date = models.DateField(_("due date"))
    # The department's vision (vision step only): written here or uploaded as evidence.
    vision_text = models.TextField(_("vision"), blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    # What the insurance/training register said when the step was submitted.
    computed_status = models.CharField(_("computed status"), max_length=20, blank=True)
    computed_explanation = models.TextField(_("computed explanation"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    overdue_noted_at = models.DateTimeField(_("overdue since"), null=True, blank=True)
    # The office cancelled the step's task (or the whole plan): nobody completes it any more.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PlanStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["process", "step__order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "step"], name="one_plan_step_per_step")
        ]

    def __str__(self):
        return f"{self.process} - {self.step}"

    @classmethod
    def overdue_condition(cls, *, today: datetime.date | None = None) -> models.Q:
        """The one rule of "overdue", as a query condition on plan steps."""
        return models.Q(status__in=cls.STILL_OPEN, due_date__lt=today or timezone.localdate())

    def is_overdue_on(self, today: datetime.date) -> bool:
        """`overdue_condition` for this step, on `today`."""
        return self.status in self.STILL_OPEN and self.due_date < today

    @property
    def is_overdue(self) -> bool:
        """`overdue_condition` for this step, today."""
        return self.is_overdue_on(timezone.localdate())


class StepReview(models.Model):
    """A consultant's decision on a submitted step, with what the checklist held at that moment.

    The snapshot makes "what changed since the step was returned" a comparison, and keeps the
    review history of the step (for the step's page and the reports).
    """

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned with comments")

    plan_step = models.ForeignKey(
        PlanStep, verbose_name=_("plan step"), on_delete=models.CASCADE, related_name="reviews"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision)
    comment = models.TextField(_("comment"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    # The submission the decision is about.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # {"vision_text": ..., "items": {requirement code: {"status", "explanation",
    # "interpretation", "comment", "evidence": [{"id", "kind", "name", "sha256"}]}}}
    snapshot = models.JSONField(_("checklist at the review"), default=dict)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["plan_step", "decided_at", "id"]

    def __str__(self):
        return f"{self.plan_step} - {self.get_decision_display()}"


class ChecklistItem(models.Model):
    """A requirement of the framework as it applies to one department in one year."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        MET = "met", _("Met")
        PARTLY_MET = "partly_met", _("Partly met")
        NOT_MET = "not_met", _("Not met")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    plan_step = models.ForeignKey(
        PlanStep, verbose_name=_("plan step"), on_delete=models.CASCADE, related_name="items"
    )
    requirement = models.ForeignKey(
        "beleid.Requirement",
        verbose_name=_("requirement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NOT_STARTED
    )
    # Why a mandatory item is not met yet, or why it does not apply (then required).
    explanation = models.TextField(_("explanation"), blank=True)
    interpretation = models.TextField(_("own interpretation"), blank=True)
    comment = models.TextField(_("comments"), blank=True)
    # Carried over from last year's plan: its status is a proposal to be confirmed again.
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_status = models.CharField(
        _("last year's status"), max_length=20, choices=Status, blank=True
    )
    # Requirement fields changed since the department's last approval (framework diff);
    # ["new"] for a requirement that did not exist then. Empty: nothing to re-confirm.
    reconfirm_fields = models.JSONField(_("changed since last approval"), default=list)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["plan_step", "requirement__order", "requirement__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_step", "requirement"], name="one_item_per_requirement"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="not_applicable") | ~models.Q(explanation=""),
                name="not_applicable_needs_reason",
            ),
        ]

    def __str__(self):
        return f"{self.plan_step.process} - {self.requirement.code}"

    @property
    def blocks_submission(self) -> bool:
        """A mandatory item that is not met and has no explanation."""
        return (
            self.requirement.mandatory
            and self.status not in (self.Status.MET, self.Status.NOT_APPLICABLE)
            and not self.explanation.strip()
        )


def evidence_upload_to(evidence, filename: str) -> str:
    # The stored name is random: the original name is kept in `filename` and never trusted.
    return f"evidence/{timezone.now():%Y/%m}/{evidence.sha256[:16]}-{evidence.token}"


class Evidence(models.Model):
    """A file or a link to a knowledge-base item that shows a checklist item is met."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Knowledge-base link")

    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("kind"), max_length=4, choices=Kind)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True, max_length=200)
    token = models.CharField(_("token"), max_length=32, blank=True, editable=False)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    link_url = models.URLField(_("link"), blank=True)
    link_title = models.CharField(_("title"), max_length=200, blank=True)
    # A link to an article of the knowledge base (kind LINK, link_title its title when
    # chosen): the article's page is the link. Kept when the article is archived; its title
    # stays readable when the article would ever be deleted.
    article = models.ForeignKey(
        "kennisdeling.Article",
        verbose_name=_("knowledge-base article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "id"]

    def __str__(self):
        return self.filename or self.link_title or self.link_url


class ApprovedVision(models.Model):
    """Every approved version of a department's vision is kept."""

    department = models.ForeignKey(
        "beleid.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="approved_visions",
    )
    plan_step = models.OneToOneField(
        PlanStep, verbose_name=_("plan step"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("vision"), blank=True)
    approved_at = models.DateTimeField(_("approved"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("approved vision")
        verbose_name_plural = _("approved visions")
        ordering = ["department", "-approved_at"]

    def __str__(self):
        return f"{self.department} {self.approved_at:%Y-%m-%d}"
