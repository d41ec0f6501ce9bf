"""Read-mostly admin for administrators: the data of the step plan, changed through the app."""

from django.contrib import admin

from beleid.admin import ReadOnlyAdmin

from .models import (
    ApprovedVision,
    ChecklistItem,
    Evidence,
    PlanStep,
    Round,
    StepPlanProcess,
    StepReview,
)


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("year", "framework_version", "started_at", "started_by")


@admin.register(StepPlanProcess)
class StepPlanProcessAdmin(ReadOnlyAdmin):
    list_display = ("department", "year", "status", "signed_off_at")
    list_filter = ("year", "status")
    search_fields = ("department__name",)


@admin.register(PlanStep)
class PlanStepAdmin(ReadOnlyAdmin):
    list_display = ("process", "step", "status", "due_date", "overdue_noted_at", "cancelled_at")
    list_filter = ("status", "step__code")


@admin.register(StepReview)
class StepReviewAdmin(ReadOnlyAdmin):
    list_display = ("plan_step", "decision", "reviewer", "decided_at")
    list_filter = ("decision",)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ReadOnlyAdmin):
    list_display = ("plan_step", "requirement", "status")
    list_filter = ("status",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("item", "kind", "filename", "link_url", "sha256", "added_at")


@admin.register(ApprovedVision)
class ApprovedVisionAdmin(ReadOnlyAdmin):
    list_display = ("department", "approved_at", "approved_by")
