"""Review decisions are recorded with a snapshot of the checklist; what changed since a
return; cancelled and reopened steps; the checklist page's save is all or nothing."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from beleid.models import AuditEvent
from workflows import selectors
from workflows.models import ChecklistItem, Evidence, PlanStep, StepReview
from workflows.services import WorkflowError
from workflows.services.checklists import (
    ItemInput,
    checklist_item_update,
    checklist_save,
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
    plan_step_vision_update,
)
from workflows.services.plans import plan_cancel
from workflows.services.steps import (
    plan_step_cancel,
    plan_step_mark_overdue,
    plan_step_reopen,
    step_approve,
    step_return,
    step_submit,
)

PDF = b"%PDF-1.4 visie"


def vision_step(plan):
    return PlanStep.objects.get(process=plan, step__code="vision")


def item_of(plan, code):
    return ChecklistItem.objects.get(plan_step__process=plan, requirement__code=code)


def set_item(item, user, status, explanation=""):
    checklist_item_update(item=item, actor=user, status=status, explanation=explanation,
                          interpretation=item.interpretation, comment=item.comment)


@pytest.fixture
def submitted(plan, coordinator):
    """The vision step: VIS-01 met with a file, VIS-02 partly met and explained, submitted."""
    step = vision_step(plan)
    set_item(item_of(plan, "VIS-01"), coordinator, "met")
    set_item(item_of(plan, "VIS-02"), coordinator, "partly_met", "Nog niet gedeeld.")
    evidence_add_file(item=item_of(plan, "VIS-01"), actor=coordinator,
                      upload=SimpleUploadedFile("visie.pdf", PDF))
    plan_step_vision_update(plan_step=step, actor=coordinator, text="Onze visie.")
    return step_submit(plan_step=step, actor=coordinator)


def test_a_return_is_recorded_with_what_the_checklist_held(submitted, consultant, coordinator):
    # when
    step_return(plan_step=submitted, actor=consultant, comment="  Deel de visie eerst.  ")

    # then
    review = StepReview.objects.get()
    assert (review.decision, review.comment, review.reviewer, review.submitted_by) == (
        "returned", "Deel de visie eerst.", consultant, coordinator)
    assert review.submitted_at == PlanStep.objects.get(pk=submitted.pk).submitted_at
    assert review.snapshot["vision_text"] == "Onze visie."
    assert review.snapshot["items"]["VIS-02"] == {
        "status": "partly_met", "explanation": "Nog niet gedeeld.", "interpretation": "",
        "comment": "", "evidence": []}
    [file] = review.snapshot["items"]["VIS-01"]["evidence"]
    assert (file["kind"], file["name"], len(file["sha256"])) == ("file", "visie.pdf", 64)


def test_a_refused_return_records_nothing(submitted, consultant):
    events = AuditEvent.objects.count()

    with pytest.raises(WorkflowError, match="Zeg wat er moet veranderen"):
        step_return(plan_step=submitted, actor=consultant, comment="   ")

    assert (StepReview.objects.count(), AuditEvent.objects.count()) == (0, events)
    assert PlanStep.objects.get(pk=submitted.pk).status == "submitted"


def test_an_approval_is_recorded_too(submitted, consultant):
    step_approve(plan_step=submitted, actor=consultant, comment="Goed.")

    review = StepReview.objects.get()
    step = PlanStep.objects.get(pk=submitted.pk)
    assert (review.decision, review.comment, step.approved_at) == (
        "approved", "Goed.", review.decided_at)


def test_what_changed_since_the_return(plan, submitted, consultant, coordinator):
    # given the step returned, then changed by the coordinator
    step_return(plan_step=submitted, actor=consultant, comment="Deel de visie eerst.")
    step = PlanStep.objects.get(pk=submitted.pk)
    set_item(item_of(plan, "VIS-02"), coordinator, "met")
    evidence_remove(evidence=Evidence.objects.get(filename="visie.pdf"), actor=coordinator)
    evidence_add_link(item=item_of(plan, "VIS-02"), actor=coordinator,
                      url="https://intranet.gent.be/verslag", title="Verslag")
    plan_step_vision_update(plan_step=step, actor=coordinator, text="Onze nieuwe visie.")
    step = step_submit(plan_step=step, actor=coordinator)

    # when
    changes = selectors.changes_since_return(plan_step=step)

    # then every change is named, per item, with the labels the user reads
    assert changes.since == StepReview.objects.get()
    assert (changes.vision.before, changes.vision.after) == ("Onze visie.", "Onze nieuwe visie.")
    by_code = {item.code: item for item in changes.items}
    assert [(f.label, f.before, f.after) for f in by_code["VIS-02"].fields] == [
        ("Status", "Deels voldaan", "Voldaan"), ("Toelichting", "Nog niet gedeeld.", "")]
    assert by_code["VIS-02"].evidence_added == ["Verslag"]
    assert by_code["VIS-01"].fields == []
    assert by_code["VIS-01"].evidence_removed == ["visie.pdf"]


def test_nothing_to_compare_without_a_return(submitted, consultant):
    assert selectors.changes_since_return(plan_step=submitted) is None
    step_approve(plan_step=submitted, actor=consultant)
    assert selectors.changes_since_return(plan_step=submitted) is None


def test_an_unchanged_resubmission_shows_no_changes(submitted, consultant, coordinator):
    step_return(plan_step=submitted, actor=consultant, comment="Kijk het nog eens na.")
    step = step_submit(plan_step=PlanStep.objects.get(pk=submitted.pk), actor=coordinator)

    changes = selectors.changes_since_return(plan_step=step)

    assert (changes.any, changes.vision, changes.items) == (False, None, [])


def test_a_cancelled_step_is_audited_and_reopened_where_it_was(
    submitted, consultant, coordinator
):
    # given a returned step
    step_return(plan_step=submitted, actor=consultant, comment="Deel de visie eerst.")
    step = PlanStep.objects.get(pk=submitted.pk)
    # when the office cancels it
    plan_step_cancel(plan_step=step, actor=consultant)
    step.refresh_from_db()
    assert (step.status, step.cancelled_by) == ("cancelled", consultant)
    assert step.cancelled_at is not None
    event = AuditEvent.objects.latest("id")
    assert (event.event_type, event.before, event.after) == (
        "STEP_CANCELLED", {"status": "returned"}, {"status": "cancelled"})
    # and reopens it: it is returned again, with the coordinators
    plan_step_reopen(plan_step=step, actor=consultant, submitted=False)
    step.refresh_from_db()
    assert (step.status, step.cancelled_at, step.cancelled_by) == ("returned", None, None)
    assert AuditEvent.objects.latest("id").event_type == "STEP_REOPENED"


def test_an_approved_step_is_not_cancelled(submitted, consultant):
    step_approve(plan_step=submitted, actor=consultant)
    events = AuditEvent.objects.count()

    plan_step_cancel(plan_step=submitted, actor=consultant)

    assert PlanStep.objects.get(pk=submitted.pk).status == "approved"
    assert AuditEvent.objects.count() == events


def test_cancelling_the_plan_cancels_every_step_not_approved(plan, submitted, consultant):
    step_approve(plan_step=submitted, actor=consultant)

    plan_cancel(process=plan, actor=consultant)

    statuses = dict(PlanStep.objects.filter(process=plan).values_list("step__code", "status"))
    assert statuses == {"vision": "approved", "onboarding": "cancelled",
                        "insurance": "cancelled", "training": "cancelled"}
    events = list(AuditEvent.objects.order_by("-id").values_list("event_type", flat=True)[:4])
    assert events == ["PLAN_CANCELLED", "STEP_CANCELLED", "STEP_CANCELLED", "STEP_CANCELLED"]


@time_machine.travel(datetime.date(2025, 1, 5), tick=False)
def test_a_cancelled_step_is_not_overdue(plan, consultant):
    step = PlanStep.objects.get(process=plan, step__code="training")
    plan_step_cancel(plan_step=step, actor=consultant)
    step.refresh_from_db()
    events = AuditEvent.objects.count()

    plan_step_mark_overdue(plan_step=step)

    step.refresh_from_db()
    assert (step.is_overdue, step.overdue_noted_at, AuditEvent.objects.count()) == (
        False, None, events)
    assert not selectors.overdue_steps(user=consultant).filter(pk=step.pk).exists()


def test_the_checklist_page_saves_all_or_nothing(plan, coordinator):
    step = vision_step(plan)
    one, two = item_of(plan, "VIS-01"), item_of(plan, "VIS-02")
    events = AuditEvent.objects.count()

    with pytest.raises(WorkflowError, match="VIS-02: geef aan waarom dit niet van toepassing"):
        checklist_save(plan_step=step, actor=coordinator, vision_text="Onze visie.", items={
            one.pk: ItemInput(status="met", explanation="", interpretation="", comment="",
                              file=SimpleUploadedFile("visie.pdf", PDF)),
            two.pk: ItemInput(status="not_applicable", explanation="", interpretation="",
                              comment=""),
        })

    assert (Evidence.objects.count(), AuditEvent.objects.count()) == (0, events)
    assert item_of(plan, "VIS-01").status == "not_started"
    assert vision_step(plan).vision_text == ""


def test_the_checklist_page_saves_items_vision_files_and_links(plan, coordinator):
    step = vision_step(plan)
    one, two = item_of(plan, "VIS-01"), item_of(plan, "VIS-02")

    checklist_save(plan_step=step, actor=coordinator, vision_text="Onze visie.", items={
        one.pk: ItemInput(status="met", explanation="", interpretation="", comment="",
                          file=SimpleUploadedFile("visie.pdf", PDF)),
        two.pk: ItemInput(status="in_progress", explanation="", interpretation="", comment="",
                          link_url="https://intranet.gent.be/v", link_title="V"),
    })

    assert vision_step(plan).vision_text == "Onze visie."
    assert sorted(Evidence.objects.values_list("item__requirement__code", "kind")) == [
        ("VIS-01", "file"), ("VIS-02", "link")]
    assert item_of(plan, "VIS-01").status == "met"


def test_items_of_another_step_are_refused(plan, coordinator):
    onboarding = ChecklistItem.objects.filter(
        plan_step__process=plan, plan_step__step__code="onboarding").first()

    with pytest.raises(WorkflowError, match="Deze punten horen niet bij deze stap"):
        checklist_save(plan_step=vision_step(plan), actor=coordinator, items={
            onboarding.pk: ItemInput(status="met", explanation="", interpretation="",
                                     comment="")})

    assert ChecklistItem.objects.get(pk=onboarding.pk).status == "not_started"
