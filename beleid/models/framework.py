"""The central minimal framework (minimaal kader) as versioned data."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ._i18n import BilingualMixin


class FrameworkVersion(BilingualMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    code = models.CharField(_("version"), max_length=20, unique=True)  # e.g. "2024.1"
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    vision = models.TextField(_("vision on volunteering"), blank=True)
    vision_en = models.TextField(_("vision (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    # The period a training requirement gets when its file gives none (files from before the
    # period moved to the requirement: `Requirement.valid_months`).
    training_valid_months = models.PositiveSmallIntegerField(
        _("basic training valid for (months)"), default=36
    )
    # The version this one was published after: the base of its diff.
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_sha256 = models.CharField(
        _("SHA-256 of the file"), max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["-code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_on__isnull=False),
                name="framework_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class QualityLine(BilingualMixin, models.Model):
    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.CASCADE,
        related_name="quality_lines",
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("quality line")
        verbose_name_plural = _("quality lines")
        ordering = ["version", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="qualityline_code_per_version")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Step(BilingualMixin, models.Model):
    """A step of the step plan (stappenplan)."""

    class Kind(models.TextChoices):
        VISION = "vision", _("Vision")
        RECRUITMENT = "recruitment", _("Recruitment and task profiles")
        INTAKE = "intake", _("Intake")
        ONBOARDING = "onboarding", _("Onboarding")
        INSURANCE = "insurance", _("Insurance")
        TRAINING = "training", _("Training")
        GUIDANCE = "guidance", _("Guidance")
        APPRECIATION = "appreciation", _("Appreciation")
        EVALUATION = "evaluation", _("Evaluation")
        EXIT = "exit", _("Exit")

    # The four steps the mission says must be fully carried.
    MISSION_KINDS = (Kind.VISION, Kind.ONBOARDING, Kind.INSURANCE, Kind.TRAINING)

    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    quality_line = models.ForeignKey(
        QualityLine,
        verbose_name=_("quality line"),
        on_delete=models.PROTECT,
        related_name="steps",
        null=True,
        blank=True,
    )
    code = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["version", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="step_code_per_version")
        ]

    def __str__(self):
        return self.title

    @property
    def is_mission_step(self) -> bool:
        return self.code in self.MISSION_KINDS


class Requirement(BilingualMixin, models.Model):
    """A minimum quality requirement (kwaliteitsvereiste) of the guide (leidraad)."""

    class AppliesTo(models.TextChoices):
        ALL = "all", _("All departments")
        WELFARE_DECREE = "welfare_decree", _("Departments under the welfare decree")
        NOT_WELFARE_DECREE = "not_welfare_decree", _("Departments outside the welfare decree")

    # The fields a department re-confirms when they change between versions.
    COMPARED_FIELDS = (
        "step",
        "title",
        "title_en",
        "guidance",
        "guidance_en",
        "legal_basis",
        "expected_evidence",
        "expected_evidence_en",
        "mandatory",
        "applies_to",
        "valid_months",
    )

    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    step = models.ForeignKey(
        Step, verbose_name=_("step"), on_delete=models.CASCADE, related_name="requirements"
    )
    code = models.CharField(_("code"), max_length=20)  # stable across versions, e.g. "ONB-03"
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    expected_evidence = models.TextField(_("expected evidence"), blank=True)
    expected_evidence_en = models.TextField(_("expected evidence (English)"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    applies_to = models.CharField(
        _("applies to"), max_length=20, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    # A training requirement met by attending a training: how long that attendance counts
    # (the basic training of the training step). Empty for every other requirement.
    valid_months = models.PositiveSmallIntegerField(
        _("training valid for (months)"), null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["version", "step__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="requirement_code_per_version")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def applies_to_department(self, department) -> bool:
        if self.applies_to == self.AppliesTo.WELFARE_DECREE:
            return department.welfare_decree
        if self.applies_to == self.AppliesTo.NOT_WELFARE_DECREE:
            return not department.welfare_decree
        return True

    @classmethod
    def applicable_filter(cls, department) -> models.Q:
        """The requirements that apply to `department`, as a filter."""
        excluded = (
            cls.AppliesTo.NOT_WELFARE_DECREE
            if department.welfare_decree
            else cls.AppliesTo.WELFARE_DECREE
        )
        return ~models.Q(applies_to=excluded)
