"""How the flows' audit events read in the audit trail (see `beleid.audit_display`).

Objects by their names: a plan step as "Visie — Bibliotheek De Krook 2026", a checklist item
by its requirement code and title, evidence by its file name, a task by its title, a
volunteer's onboarding by the volunteer (as the register names them). Registered from
`WorkflowsConfig.ready()`.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from beleid import audit_display as display
from beleid.models import AuditEventType, Department, Requirement, Step

from .models import (
    ChecklistItem,
    Evidence,
    OnboardingProcess,
    PlanStep,
    Round,
    StepPlanProcess,
)

TASK_KIND = "viewflow.task"

# The keys of viewflow's task actions (take, release, cancel, undo, revive) of both flows.
TASK_FIELDS = {
    "task": display.HIDDEN,  # the object of the event names the task
    "status": display.model_field(Task, "status"),
    "new_task": display.Field(display.LABELS["new_task"], names=TASK_KIND),
}


def plan_step_names(keys, user) -> dict[str, str]:
    steps = PlanStep.objects.filter(pk__in=keys).select_related("step", "process__department")
    return {
        str(plan_step.pk): (
            f"{plan_step.step.display_title} — "
            f"{plan_step.process.department.name} {plan_step.process.year}"
        )
        for plan_step in steps
    }


def checklist_item_names(keys, user) -> dict[str, str]:
    items = ChecklistItem.objects.filter(pk__in=keys).select_related("requirement")
    return {
        str(item.pk): f"{item.requirement.code} {item.requirement.display_title}" for item in items
    }


def evidence_names(keys, user) -> dict[str, str]:
    return {str(evidence.pk): str(evidence) for evidence in Evidence.objects.filter(pk__in=keys)}


def removed_evidence_name(event) -> str:
    """Removed evidence is named by the file name or link its event kept."""
    stored = {**(event.after or {}), **(event.before or {})}
    return stored.get("file") or stored.get("title") or stored.get("link") or ""


def plan_names(keys, user) -> dict[str, str]:
    what = capfirst(StepPlanProcess._meta.verbose_name)
    plans = StepPlanProcess.objects.filter(pk__in=keys).select_related("department")
    return {str(plan.pk): f"{what} {plan.department.name} {plan.year}" for plan in plans}


def round_names(keys, user) -> dict[str, str]:
    what = capfirst(Round._meta.verbose_name)
    return {str(pk): f"{what} {year}"
            for pk, year in Round.objects.filter(pk__in=keys).values_list("pk", "year")}


def task_names(keys, user) -> dict[str, str]:
    return {str(task.pk): str(task.title) for task in Task.objects.filter(pk__in=keys)}


def onboarding_volunteers(keys, user) -> dict[str, int]:
    """An onboarding takes the name of its volunteer (the event says "onboarding")."""
    return {
        str(pk): volunteer
        for pk, volunteer in OnboardingProcess.objects.filter(pk__in=keys).values_list(
            "pk", "engagement__volunteer_id"
        )
        if volunteer is not None
    }


def show_due_dates(value) -> str:
    """{"vision": "2026-11-30", ...} as "Visie: 30 november 2026; ..."."""
    if not isinstance(value, dict):
        return display.show_value(value)
    kinds = dict(Step.Kind.choices)
    return "; ".join(
        f"{kinds.get(code, code)}: {display.show_date(day)}" for code, day in value.items()
    )


def show_reconfirm(value) -> str:
    """{"VIS-01": ["title"], "INT-03": ["new"]} as "VIS-01 (titel); INT-03 (nieuw)"."""
    if not isinstance(value, dict):
        return display.show_value(value)

    def field_label(name: str) -> str:
        if name == "new":
            return str(display.LABELS["new"])
        return str(Requirement._meta.get_field(name).verbose_name)

    return "; ".join(
        f"{code} ({', '.join(field_label(name) for name in names)})"
        for code, names in value.items()
    )


def register() -> None:
    _register_names()
    _register_round_fields()
    _register_step_fields()
    _register_task_fields()


def _register_names() -> None:
    display.register_names("workflows.planstep", plan_step_names)
    display.register_names("workflows.checklistitem", checklist_item_names)
    display.register_names("workflows.evidence", evidence_names, missing=removed_evidence_name)
    display.register_names("workflows.stepplanprocess", plan_names)
    display.register_names("workflows.round", round_names)
    display.register_names(TASK_KIND, task_names)
    display.register_names(
        "workflows.onboardingprocess",
        onboarding_volunteers,
        named_as="insurance.volunteer",
        missing=lambda event: capfirst(OnboardingProcess._meta.verbose_name),
    )


def _register_round_fields() -> None:
    types = AuditEventType
    version = display.model_field(Round, "framework_version")
    display.register_fields(types.ROUND_STARTED, {
        "framework_version": display.Field(version.label),  # stored as its code
        "departments": display.Field(
            Department._meta.verbose_name_plural,
            names=display.DEPARTMENT_SLUG,
        ),
        "due_dates": display.Field(_("due dates"), show_due_dates),
        "extended": display.Field(display.LABELS["extended"], display.show_bool),
    })
    display.register_fields(types.PLAN_STARTED, {
        "framework_version": display.Field(version.label),
    })
    display.register_fields(types.CHECKLISTS_PREPARED, {
        "steps": display.Field(Step._meta.verbose_name_plural),
        "items": display.Field(ChecklistItem._meta.verbose_name_plural),
        "carried_over_from_year": display.label("carried_over_from_year"),
        "evidence_carried_over": display.label("evidence_carried_over"),
        "to_reconfirm": display.Field(display.LABELS["to_reconfirm"], show_reconfirm),
    })
    display.register_fields(types.PLAN_SIGNED_OFF, {
        "comment": display.model_field(StepPlanProcess, "signed_off_comment"),
    })
    display.register_fields(types.PLAN_CANCELLED, {
        "status": display.model_field(StepPlanProcess, "status"),
    })


def _register_step_fields() -> None:
    types = AuditEventType
    display.register_fields(types.CHECKLIST_ITEM_UPDATED, {
        name: display.model_field(ChecklistItem, name)
        for name in ("status", "explanation", "interpretation", "comment")
    })
    display.register_fields(types.VISION_UPDATED, {
        "vision_text": display.model_field(PlanStep, "vision_text"),
    })
    display.register_fields([types.EVIDENCE_ADDED, types.EVIDENCE_REMOVED], {
        "item": display.Field(ChecklistItem._meta.verbose_name, names="workflows.checklistitem"),
        "file": display.HIDDEN,  # the evidence is named by it
        "title": display.HIDDEN,
        "sha256": display.model_field(Evidence, "sha256"),
        "link": display.model_field(Evidence, "link_url"),
        "article": display.model_field(Evidence, "article"),
    })
    met = {"met": ChecklistItem.Status.MET.label, "not_met": ChecklistItem.Status.NOT_MET.label}
    display.register_fields(types.STEP_SUBMITTED, {
        "status": display.model_field(PlanStep, "status"),
        "computed": display.Field(display.LABELS["computed"], display.choices(met)),
    })
    display.register_fields([types.STEP_APPROVED, types.STEP_RETURNED], {
        "status": display.model_field(PlanStep, "status"),
        "comment": display.model_field(PlanStep, "review_comment"),
    })
    display.register_fields(types.STEP_OVERDUE, {
        "status": display.model_field(PlanStep, "status"),
        "due_date": display.model_field(PlanStep, "due_date"),
    })
    display.register_fields([types.STEP_CANCELLED, types.STEP_REOPENED], {
        "status": display.model_field(PlanStep, "status"),
    })


def _register_task_fields() -> None:
    """viewflow's task actions of both flows, and the cancelled onboarding."""
    types = AuditEventType
    display.register_fields(
        [types.TASK_ASSIGNED, types.TASK_UNASSIGNED, types.TASK_CANCELLED, types.TASK_UNDONE,
         types.TASK_REVIVED],
        TASK_FIELDS,
    )
    display.register_fields(
        [types.ONBOARDING_TASK_ASSIGNED, types.ONBOARDING_TASK_UNASSIGNED,
         types.ONBOARDING_TASK_CANCELLED, types.ONBOARDING_TASK_UNDONE,
         types.ONBOARDING_TASK_REVIVED],
        TASK_FIELDS,
    )
    display.register_fields(types.ONBOARDING_CANCELLED, {
        "status": display.model_field(OnboardingProcess, "status"),
    })
