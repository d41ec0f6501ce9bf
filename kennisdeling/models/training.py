"""The training offer: sessions the Vrijwilligerspunt publishes, registrations for them (with a
waiting list) and attendance.

A registration is for a person: a user of the system (a coordinator registering themselves) or
a colleague named by name and e-mail address, on behalf of a department. Name and e-mail
address are always kept on the registration (copied from the user), so that an attendance list
can be matched to them. `__str__` of a registration is its number, never a name: the audit
trail copies `str(obj)`.

The basic training of the framework (`TrainingSession.is_basic_training`) attended (`present`)
by a coordinator of a department carries that department's training step
(`kennisdeling.training_selectors.training_valid_until`).
"""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

__all__ = ["Attendance", "Audience", "Registration", "RegistrationStatus", "TrainingSession"]


class Audience(models.TextChoices):
    STAFF = "staff", _("Staff and coordinators")
    VOLUNTEERS = "volunteers", _("Volunteers")


class TrainingSessionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, cancelled_at__isnull=True)


class TrainingSession(models.Model):
    """One session of the training offer. A draft until published; a cancelled session stays
    (with its registrations) but takes no registrations."""

    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    webinar_url = models.URLField(
        _("webinar link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.STAFF
    )
    is_basic_training = models.BooleanField(
        _("counts as the basic training of the framework"), default=False
    )
    capacity = models.PositiveIntegerField(_("number of seats"))
    registration_deadline = models.DateTimeField(_("registration deadline"))
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = TrainingSessionQuerySet.as_manager()

    # The fields the session's audit events record.
    AUDITED_FIELDS = (
        "title",
        "provider",
        "starts_at",
        "ends_at",
        "place",
        "webinar_url",
        "audience",
        "is_basic_training",
        "capacity",
        "registration_deadline",
    )

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["is_basic_training"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="training_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=F("starts_at")),
                name="training_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(webinar_url=""), name="training_place_or_webinar"
            ),
            models.CheckConstraint(
                condition=Q(webinar_url="")
                | Q(webinar_url__startswith="https://")
                | Q(webinar_url__startswith="http://"),
                name="training_webinar_http",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=["staff", "volunteers"]), name="training_audience_known"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.cancelled_at is None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    NOT_RECORDED = "not_recorded", _("Not recorded")
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)


class Registration(models.Model):
    """A person's registration for a session, on behalf of a department. Seats go in order of
    registration; when full, the registration waits (`waiting`) and the first in line gets the
    seat that a cancellation frees."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    # A user of the system (the coordinator themselves, or a colleague with an account), or
    # nobody: a colleague named by name and e-mail address.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    department = models.ForeignKey(
        "beleid.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="training_registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attendance = models.CharField(
        _("attendance"),
        max_length=12,
        choices=Attendance.choices,
        default=Attendance.NOT_RECORDED,
    )
    attendance_recorded_at = models.DateTimeField(
        _("attendance recorded at"), null=True, blank=True
    )
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "registered_at", "id"]
        indexes = [
            models.Index(fields=["session", "status", "registered_at"]),
            models.Index(fields=["department", "status"]),
            models.Index(fields=["user", "attendance"]),
        ]
        constraints = [
            # One active registration per person per session: by account and by address.
            models.UniqueConstraint(
                "session",
                "user",
                condition=Q(status__in=["registered", "waiting"], user__isnull=False),
                name="training_one_active_registration_per_user",
            ),
            models.UniqueConstraint(
                F("session"),
                Lower("email"),
                condition=Q(status__in=["registered", "waiting"]) & ~Q(email=""),
                name="training_one_active_registration_per_email",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["registered", "waiting", "cancelled"]),
                name="training_registration_status_known",
            ),
            models.CheckConstraint(
                condition=Q(attendance__in=["not_recorded", "present", "absent"]),
                name="training_attendance_known",
            ),
            # Cancelled exactly when it has a cancellation date.
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="training_cancelled_has_date",
            ),
            # Attendance is recorded for a seat only, and with its date.
            models.CheckConstraint(
                condition=Q(attendance="not_recorded")
                | Q(status="registered", attendance_recorded_at__isnull=False),
                name="training_attendance_of_registered",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="training_registration_named"),
            # A colleague without an account is reached by e-mail; a user may have none.
            models.CheckConstraint(
                condition=~Q(email="") | Q(user__isnull=False), name="training_registration_email"
            ),
        ]

    def __str__(self):
        return _("Registration %(number)s") % {"number": self.pk}

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
