"""Completing a checklist: item statuses, the vision text, evidence."""

import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from beleid.models import AuditEventType
from beleid.services.audit import audit_log
from beleid.services.departments import interpretation_update
from kennisdeling import knowledge_selectors
from kennisdeling.models import Article

from ..models import ChecklistItem, Evidence, PlanStep
from . import WorkflowError
from .evidence_files import evidence_file_problems, evidence_name
from .steps import EDITABLE

# The schemes a link may have: a page of the knowledge base (or another web page).
LINK_SCHEMES = ("http", "https")
ITEM_FIELDS = ("status", "explanation", "interpretation", "comment")


def _check_editable(plan_step: PlanStep) -> None:
    if plan_step.status not in EDITABLE:
        raise WorkflowError([_("This step has been submitted; it cannot be changed now.")])


@transaction.atomic
def checklist_item_update(
    *, item: ChecklistItem, actor, status: str, explanation: str, interpretation: str, comment: str
) -> ChecklistItem:
    """Set an item's status, explanation, own interpretation and comments.

    "Not applicable" needs a reason (the explanation). Writes an audit event with the fields
    that changed, none when nothing changed. A changed interpretation also becomes the
    department's own translation of the requirement (beleid), so there is one of it.
    """
    item = (
        ChecklistItem.objects.select_for_update()
        .select_related("plan_step__process__department", "requirement")
        .get(pk=item.pk)
    )
    _check_editable(item.plan_step)
    if status not in ChecklistItem.Status.values:
        raise WorkflowError([_("Unknown status %(status)s.") % {"status": status}])
    if status == ChecklistItem.Status.NOT_APPLICABLE and not explanation.strip():
        raise WorkflowError(
            [_("%(code)s: say why it does not apply.") % {"code": item.requirement.code}]
        )
    wanted = {
        "status": status,
        "explanation": explanation.strip(),
        "interpretation": interpretation.strip(),
        "comment": comment.strip(),
    }
    changed = [field for field in ITEM_FIELDS if getattr(item, field) != wanted[field]]
    if not changed:
        return item
    before = {field: getattr(item, field) for field in changed}
    for field in changed:
        setattr(item, field, wanted[field])
    item.save()
    audit_log(
        actor=actor,
        event_type=AuditEventType.CHECKLIST_ITEM_UPDATED,
        department=item.plan_step.process.department,
        obj=item,
        before=before,
        after={field: wanted[field] for field in changed},
    )
    if "interpretation" in changed:
        interpretation_update(
            actor=actor,
            department=item.plan_step.process.department,
            requirement=item.requirement,
            text=wanted["interpretation"],
        )
    return item


@transaction.atomic
def plan_step_vision_update(*, plan_step: PlanStep, actor, text: str) -> PlanStep:
    """The department writes (or rewrites) its vision in the vision step."""
    plan_step = (
        PlanStep.objects.select_for_update()
        .select_related("process__department")
        .get(pk=plan_step.pk)
    )
    _check_editable(plan_step)
    text = text.strip()
    if text == plan_step.vision_text:
        return plan_step
    before = plan_step.vision_text
    plan_step.vision_text = text
    plan_step.save(update_fields=["vision_text"])
    audit_log(
        actor=actor,
        event_type=AuditEventType.VISION_UPDATED,
        department=plan_step.process.department,
        obj=plan_step,
        before={"vision_text": before},
        after={"vision_text": text},
    )
    return plan_step


@transaction.atomic
def evidence_add_file(*, item: ChecklistItem, actor, upload: UploadedFile) -> Evidence:
    """Attach an uploaded file: PDF, DOCX, XLSX, ODT, PNG or JPG by its extension and its
    content (`evidence_files`), up to the configured size. Its name is kept, shortened to
    what is stored with its extension."""
    item = ChecklistItem.objects.select_related("plan_step__process__department").get(pk=item.pk)
    _check_editable(item.plan_step)
    name = evidence_name(upload.name or "")
    problems = evidence_file_problems(name=name, size=upload.size, file=upload)
    if problems:
        raise WorkflowError(problems)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        item=item,
        kind=Evidence.Kind.FILE,
        filename=name,
        sha256=digest.hexdigest(),
        size=upload.size,
        token=secrets.token_hex(8),
        added_by=actor,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    audit_log(
        actor=actor,
        event_type=AuditEventType.EVIDENCE_ADDED,
        department=item.plan_step.process.department,
        obj=evidence,
        after={"item": item.pk, "file": evidence.filename, "sha256": evidence.sha256},
    )
    return evidence


@transaction.atomic
def evidence_add_link(*, item: ChecklistItem, actor, url: str, title: str) -> Evidence:
    """Point to a knowledge-base item as evidence: a web address (http or https only)."""
    item = ChecklistItem.objects.select_related("plan_step__process__department").get(pk=item.pk)
    _check_editable(item.plan_step)
    if urlsplit(url).scheme.lower() not in LINK_SCHEMES:
        raise WorkflowError([_("A link must be a web address (http:// or https://).")])
    evidence = Evidence.objects.create(
        item=item,
        kind=Evidence.Kind.LINK,
        link_url=url,
        link_title=title.strip()[:200],
        added_by=actor,
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.EVIDENCE_ADDED,
        department=item.plan_step.process.department,
        obj=evidence,
        after={"item": item.pk, "link": url, "title": evidence.link_title},
    )
    return evidence


@transaction.atomic
def evidence_add_article(*, item: ChecklistItem, actor, article_id: int) -> Evidence:
    """Point to an article of the knowledge base as evidence (one the actor may read and that
    is published). Its title is kept with the evidence, so it stays readable should the
    article go; the same article twice on one item is added once."""
    item = ChecklistItem.objects.select_related("plan_step__process__department").get(pk=item.pk)
    _check_editable(item.plan_step)
    article = knowledge_selectors.articles_visible(user=actor).filter(
        pk=article_id, status=Article.Status.PUBLISHED).first()
    if article is None:
        raise WorkflowError([_("This article of the knowledge base cannot be chosen.")])
    existing = item.evidence.filter(article=article).first()
    if existing is not None:
        return existing
    evidence = Evidence.objects.create(
        item=item,
        kind=Evidence.Kind.LINK,
        article=article,
        link_title=article.title[:200],
        added_by=actor,
    )
    audit_log(
        actor=actor,
        event_type=AuditEventType.EVIDENCE_ADDED,
        department=item.plan_step.process.department,
        obj=evidence,
        after={"item": item.pk, "article": article.pk, "title": evidence.link_title},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor) -> None:
    """Take a piece of evidence off an item. The stored file stays: last year's plan and the
    audit trail may still refer to it."""
    evidence = Evidence.objects.select_related("item__plan_step__process__department").get(
        pk=evidence.pk
    )
    _check_editable(evidence.item.plan_step)
    audit_log(
        actor=actor,
        event_type=AuditEventType.EVIDENCE_REMOVED,
        department=evidence.item.plan_step.process.department,
        obj=evidence,
        before={"item": evidence.item_id, "file": evidence.filename, "link": evidence.link_url,
                "article": evidence.article_id},
    )
    evidence.delete()


@dataclass(frozen=True)
class ItemInput:
    """What the coordinator filled in for one item on the checklist page."""

    status: str
    explanation: str
    interpretation: str
    comment: str
    file: UploadedFile | None = None
    link_url: str = ""
    link_title: str = ""
    article_id: int | None = None


@transaction.atomic
def checklist_save(
    *, plan_step: PlanStep, actor, items: dict[int, ItemInput], vision_text: str | None = None
) -> None:
    """Save the checklist page of a step in one go: every item's fields, the vision text
    (vision step, when given) and the files and links chosen per item.

    All or nothing: when one part is refused (`WorkflowError`), nothing is written.
    """
    by_pk = {item.pk: item for item in ChecklistItem.objects.filter(plan_step=plan_step)}
    unknown = set(items) - set(by_pk)
    if unknown:
        raise WorkflowError([_("These items are not part of this step.")])
    for pk, entered in items.items():
        checklist_item_update(
            item=by_pk[pk],
            actor=actor,
            status=entered.status,
            explanation=entered.explanation,
            interpretation=entered.interpretation,
            comment=entered.comment,
        )
    if vision_text is not None:
        plan_step_vision_update(plan_step=plan_step, actor=actor, text=vision_text)
    for pk, entered in items.items():
        if entered.file is not None:
            evidence_add_file(item=by_pk[pk], actor=actor, upload=entered.file)
        if entered.link_url:
            evidence_add_link(
                item=by_pk[pk], actor=actor, url=entered.link_url, title=entered.link_title
            )
        if entered.article_id is not None:
            evidence_add_article(item=by_pk[pk], actor=actor, article_id=entered.article_id)
