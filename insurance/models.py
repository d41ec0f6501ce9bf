"""The volunteer register: persons, each department's volunteers, engagements, insurance
cover, information notes, benefit declarations (duty to report), and the configurable public
holidays.

A person (`Person`: what the insurer needs, shared and shown to no department) and a
department's record of them (`Volunteer`: what that department knows and records) are
separate. Personal data live only on these two. `__str__` of every model here is an id, never
a name: the audit trail copies `str(obj)` and must not hold personal data.
"""

import unicodedata
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import national_number

# The city's bodily-accident policy (polis lichamelijke ongevallen) for volunteers.
CITY_POLICY = "LO-VRIJWILLIGERS-GENT"


def person_key(first_name: str, last_name: str, date_of_birth) -> str:
    """The key that makes two rows the same person: name and date of birth, compared
    without case, accents or extra spaces ('Hélène  De Smet' == 'helene de smet')."""

    def fold(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text or "")
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
        return " ".join(plain.casefold().split())

    return f"{fold(last_name)}|{fold(first_name)}|{date_of_birth.isoformat()}"


class Benefit(models.TextChoices):
    """Whether the volunteer receives a benefit, and so has a duty to report."""

    NONE = "none", _("No benefit (no duty to report)")
    UNEMPLOYED = "unemployed", _("Unemployment benefit (form C45B, RVA/ONEM)")
    INCAPACITY = "incapacity", _("Incapacity for work (mutualiteit)")
    LIVING_WAGE = "living_wage", _("Living wage (OCMW)")


class Person(models.Model):
    """A person on the city's accident insurance: what the insurer needs, and what makes the
    volunteers of two departments the same person (name and date of birth, the national
    number where the insurer requires it). One record per person, however many departments:
    the cover hangs on it (insured once).

    Shared by the departments and shown to none of them (`beleid.access.can_see_persons`):
    a department sees its own `Volunteer` record, the office and the insurer's list see this.
    """

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    # Null only once anonymised.
    date_of_birth = models.DateField(_("date of birth"), null=True)
    # Only when settings.INSURER_REQUIRES_NATIONAL_NUMBER; digits only; shown masked.
    national_number = models.CharField(_("national register number"), max_length=11, blank=True)
    person_key = models.CharField(_("person key"), max_length=320, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "id"]
        permissions = [
            ("view_register_extract", _("Can view personal data of the volunteer register")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person_key"],
                condition=Q(anonymised_at__isnull=True),
                name="person_one_record_per_person",
            ),
            models.UniqueConstraint(
                fields=["national_number"],
                condition=~Q(national_number=""),
                name="person_unique_national_number",
            ),
        ]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def masked_national_number(self) -> str:
        return national_number.mask(self.national_number)


class Volunteer(models.Model):
    """A department's volunteer: the department's own record of a person.

    What the department records belongs here and to no other department: the name and date
    of birth as it entered them, contact details, the benefit (duty to report), and through
    the engagements the information notes and declarations. Another department that registers
    the same person gets a record of its own; both point to the same shared `Person`.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="volunteers",
    )
    department = models.ForeignKey(
        "beleid.Department", verbose_name=_("department"), on_delete=models.PROTECT,
        related_name="volunteers",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    # Null only once anonymised.
    date_of_birth = models.DateField(_("date of birth"), null=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=200, blank=True)
    benefit = models.CharField(
        _("benefit"), max_length=20, choices=Benefit.choices, default=Benefit.NONE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "department"],
                condition=Q(anonymised_at__isnull=True),
                name="volunteer_once_per_department",
            ),
        ]
        indexes = [models.Index(fields=["department", "last_name", "first_name"],
                                name="volunteer_department_names")]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_duty_to_report(self) -> bool:
        return self.benefit != Benefit.NONE


class Engagement(models.Model):
    """A department's volunteer working there, from a start date to an optional end.

    `department` is always its volunteer's department (the services set it from the
    volunteer): a copy, so that scoping and counting engagements per department needs no join.
    """

    class Status(models.TextChoices):
        INTAKE = "intake", _("Onboarding")
        ACTIVE = "active", _("Active")

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE,
        related_name="engagements",
    )
    department = models.ForeignKey(
        "beleid.Department", verbose_name=_("department"), on_delete=models.PROTECT,
        related_name="engagements",
    )
    tasks = models.CharField(_("tasks"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "start_date"],
                name="engagement_once_per_start",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="engagement_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["department", "status", "end_date"])]

    def __str__(self):
        return f"#{self.pk}"


class InsuranceCoverage(models.Model):
    """One period during which a person is on the city's accident policy.

    A person is insured once, however many departments they work for: at most one open
    period per person. A department sees the days of its own engagements only
    (`selectors.cover_seen`).
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="coverages",
    )
    policy_number = models.CharField(_("policy"), max_length=40, default=CITY_POLICY)
    insured_from = models.DateField(_("insured from"))
    insured_to = models.DateField(_("insured to"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"))
    deregistered_on = models.DateField(_("de-registered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("insurance cover")
        verbose_name_plural = _("insurance cover")
        ordering = ["-insured_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(insured_to__isnull=True),
                name="coverage_one_open_period",
            ),
            models.CheckConstraint(
                condition=Q(insured_to__isnull=True)
                | Q(insured_to__gte=models.F("insured_from")),
                name="coverage_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["registered_on"]),
            models.Index(fields=["deregistered_on"]),
        ]

    def __str__(self):
        return f"#{self.pk}"


class InformationNote(models.Model):
    """Proof that the volunteer was informed (art. 4 Volunteer Law) for one engagement."""

    class Method(models.TextChoices):
        PAPER = "paper", _("Signed on paper")
        EMAIL = "email", _("By e-mail")
        DIGITAL = "digital", _("Digital signature")

    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), on_delete=models.CASCADE,
        related_name="information_notes",
    )
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    # The signed agreement note (afsprakennota) of the welfare decree.
    agreement_note = models.BooleanField(_("signed agreement note"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("information note")
        verbose_name_plural = _("information notes")
        ordering = ["-given_on", "id"]

    def __str__(self):
        return f"#{self.pk}"


class BenefitDeclaration(models.Model):
    """That a declaration was made, and when: no medical or financial detail."""

    class Kind(models.TextChoices):
        C45B = "c45b", _("Form C45B (unemployed)")
        MUTUALITEIT = "mutualiteit", _("Form of the mutualiteit (incapacity for work)")
        OCMW = "ocmw", _("Information to the OCMW social worker (living wage)")

    class Answer(models.TextChoices):
        NONE = "none", _("No answer yet")
        ACCEPTED = "accepted", _("Accepted")
        LIMITED = "limited", _("Accepted with limits")
        REFUSED = "refused", _("Refused")

    KIND_FOR_BENEFIT = {
        Benefit.UNEMPLOYED: Kind.C45B,
        Benefit.INCAPACITY: Kind.MUTUALITEIT,
        Benefit.LIVING_WAGE: Kind.OCMW,
    }

    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), on_delete=models.CASCADE,
        related_name="declarations",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    filed_on = models.DateField(_("filed on"))
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices,
                              default=Answer.NONE)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("benefit declaration")
        verbose_name_plural = _("benefit declarations")
        ordering = ["-filed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="none", answered_on__isnull=True)
                | (~Q(answer="none") & Q(answered_on__isnull=False)),
                name="declaration_answer_has_date",
            ),
        ]

    def __str__(self):
        return f"#{self.pk}"


class PublicHoliday(models.Model):
    """Belgian public holidays: configurable data for counting working days (C45B)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{date_format(self.date, 'DATE_FORMAT')}: {self.name}"


def _import_upload_path(instance, filename):
    return f"insurance/imports/{instance.department_id}/{instance.pk}"


class ImportUpload(models.Model):
    """An uploaded register file, checked and imported in the background (a Celery task)
    for one user and department only. Holds the progress and the result per row until the
    stale uploads are discarded (they hold personal data)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked: waiting for confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    # The task is working on these: the progress page refreshes itself.
    RUNNING = (State.QUEUED, State.CHECKING, State.IMPORTING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE,
        related_name="+",
    )
    department = models.ForeignKey(
        "beleid.Department", verbose_name=_("department"), on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to=_import_upload_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.QUEUED)
    rows_done = models.PositiveIntegerField(_("lines done"), default=0)
    rows_total = models.PositiveIntegerField(_("lines"), default=0)
    # Why it failed (shown to the user); empty otherwise.
    message = models.TextField(_("message"), blank=True)
    # The totals of the check (state checked) or of the import (state done):
    # {"counts": {status: lines}, "warned": lines, "to_look_at": lines}; the result of each
    # line is an ImportResultLine.
    report = models.JSONField(_("totals"), null=True, blank=True)
    # How often a worker began the work (see processing.MAX_RUNS).
    runs = models.PositiveSmallIntegerField(_("runs"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded volunteer list")
        verbose_name_plural = _("uploaded volunteer lists")

    def __str__(self):
        return str(self.pk)

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class ImportResultLine(models.Model):
    """The result of one line of an uploaded register file, from its check or its import: the
    result of a large file is read a page at a time, never as one value."""

    upload = models.ForeignKey(ImportUpload, on_delete=models.CASCADE,
                               related_name="result_lines")
    line = models.PositiveIntegerField(_("line"))
    status = models.CharField(_("result"), max_length=16)
    reason = models.TextField(_("reason"), blank=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    # Values of secondary fields left out (the line was imported without them).
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # An error or a warning: the "only what needs looking at" filter.
    to_look_at = models.BooleanField(_("to look at"), default=False)

    class Meta:
        verbose_name = _("result of an imported line")
        verbose_name_plural = _("results of imported lines")
        ordering = ["line"]
        indexes = [models.Index(fields=["upload", "line"])]

    def __str__(self):
        return f"{self.line}: {self.status}"

