"""Departments (diensten) and their own translation of the framework."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    class Organisation(models.TextChoices):
        STAD = "stad", _("City of Ghent")
        OCMW = "ocmw", _("OCMW Ghent")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    organisation = models.CharField(
        _("organisation"), max_length=4, choices=Organisation.choices, default=Organisation.STAD
    )
    cluster = models.CharField(_("cluster"), max_length=120, blank=True)
    welfare_decree = models.BooleanField(
        _("falls under the welfare decree"),
        default=False,
        help_text=_("Then a signed agreement note is required."),
    )
    active = models.BooleanField(_("active"), default=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer coordinators"),
        related_name="coordinated_departments",
        blank=True,
    )

    # The fields the department's own audit events record (created, changed).
    AUDITED_FIELDS = ("name", "slug", "organisation", "cluster", "welfare_decree", "active")

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RequirementInterpretation(models.Model):
    """How a department translates one central requirement to its own context."""

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="interpretations",
    )
    requirement = models.ForeignKey(
        "beleid.Requirement",
        verbose_name=_("requirement"),
        on_delete=models.CASCADE,
        related_name="interpretations",
    )
    text = models.TextField(_("own interpretation"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("department interpretation")
        verbose_name_plural = _("department interpretations")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "requirement"], name="one_interpretation_per_requirement"
            )
        ]

    def __str__(self):
        return f"{self.department} - {self.requirement.code}"
