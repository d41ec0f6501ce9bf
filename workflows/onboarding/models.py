"""The onboarding's process and task models.

The process table is still `insurance_onboardingprocess`: the model moved here from the
register (migration `workflows.0004`), its rows stayed where they were.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

from ..managers import DepartmentProcessQuerySet, DepartmentTaskQuerySet


class OnboardingProcessQuerySet(DepartmentProcessQuerySet):
    personal_data = True  # every onboarding names its volunteer


class OnboardingTaskQuerySet(DepartmentTaskQuerySet):
    process = "process__onboardingprocess"
    personal_data = True
    list_related = (
        "owner",
        "process__onboardingprocess__department",
        "process__onboardingprocess__engagement__volunteer",
    )


class OnboardingProcess(Process):
    """The onboarding of one volunteer in one department (viewflow process)."""

    department = models.ForeignKey(
        "beleid.Department", verbose_name=_("department"), on_delete=models.PROTECT,
        related_name="+", null=True,
    )
    engagement = models.ForeignKey(
        "insurance.Engagement", verbose_name=_("engagement"), on_delete=models.PROTECT,
        related_name="+", null=True,
    )

    objects = OnboardingProcessQuerySet.as_manager()

    class Meta:
        db_table = "insurance_onboardingprocess"
        verbose_name = _("volunteer onboarding")
        verbose_name_plural = _("volunteer onboardings")


class OnboardingTask(Task):
    """viewflow's task of an onboarding, with querysets scoped to who may see it."""

    objects = OnboardingTaskQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("onboarding task")
        verbose_name_plural = _("onboarding tasks")
