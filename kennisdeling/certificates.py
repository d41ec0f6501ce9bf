"""The attendance certificate (attest van deelname): a PDF for a registration whose attendance
the office recorded as present. A kind of document of `beleid.documents`: asked for from the
registration's "Attest" button, rendered in the background, downloaded from its status page.

Who may ask for it (and download it): the person themselves, the coordinators of the
department they registered for, and the office (`access.can_see_staff_record`).
"""

from datetime import timedelta

from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from beleid import access
from beleid.documents import DocumentContent, DocumentKind, DocumentUnavailable, register_kind

from .models import Attendance, Registration, RegistrationStatus

KIND = "attendance_certificate"


def _certified(registration_id) -> Registration | None:
    """The registration, when a certificate can be made of it: a seat, attended."""
    return (
        Registration.objects.select_related("session", "department")
        .filter(pk=registration_id, status=RegistrationStatus.REGISTERED,
                attendance=Attendance.PRESENT)
        .first()
    )


def may_have_certificate(user, registration: Registration) -> bool:
    """May `user` ask for the certificate of `registration` (attended, and theirs to see)?"""
    return (
        registration.status == RegistrationStatus.REGISTERED
        and registration.attendance == Attendance.PRESENT
        and access.can_see_staff_record(user, person_id=registration.user_id,
                                        department_id=registration.department_id)
    )


def duration_text(length: timedelta) -> str:
    """"3 uur", "1 uur 30 minuten", "45 minuten"."""
    minutes = int(length.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes or not hours:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes)
                     % {"count": minutes})
    return " ".join(parts)


def certificate_context(registration: Registration) -> dict:
    """What the certificate shows, as text in the current language."""
    session = registration.session
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    title = gettext("Attendance certificate")
    return {
        "title": title,
        "name": registration.name,
        "session_title": session.title,
        "provider": session.provider,
        "date": formats.date_format(starts, "l j F Y"),
        "time": gettext("%(start)s to %(end)s") % {
            "start": formats.time_format(starts, "TIME_FORMAT"),
            "end": formats.time_format(ends, "TIME_FORMAT")},
        "duration": duration_text(ends - starts),
        "place": session.place if session.place else gettext("webinar"),
        "is_basic_training": session.is_basic_training,
        "department": registration.department.name,
        "issued_on": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
    }


class AttendanceCertificate(DocumentKind):
    code = KIND
    label = _("Attendance certificate")

    def params_from_request(self, user, data):
        registration_id = data.get("registration", "")
        registration = _certified(registration_id) if str(registration_id).isdigit() else None
        if registration is None or not may_have_certificate(user, registration):
            raise Http404("No attended registration of this number for this user.")
        return {"registration_id": registration.pk}

    def title(self, params):
        registration = _certified(params["registration_id"])
        if registration is None:
            return str(self.label)
        return gettext("Attendance certificate: %(session)s, %(name)s") % {
            "session": registration.session.title, "name": registration.name}

    def department(self, params):
        registration = _certified(params["registration_id"])
        return registration.department if registration is not None else None

    def may_request(self, user, params):
        registration = _certified(params.get("registration_id"))
        return registration is not None and may_have_certificate(user, registration)

    def back_url(self, document, user):
        """The office back to the session's registrations; a coordinator to their department's
        registrations; the person to the training offer."""
        registration = Registration.objects.filter(
            pk=document.params.get("registration_id")).values("session_id").first()
        if registration is not None and access.can_manage_training(user):
            return reverse("kennisdeling:training_session_registrations",
                           args=[registration["session_id"]])
        if access.is_coordinator(user):
            return reverse("kennisdeling:training_registrations")
        return reverse("kennisdeling:training_offer")

    def build(self, document):
        registration = _certified(document.params.get("registration_id"))
        if registration is None:
            raise DocumentUnavailable(gettext(
                "This registration is no longer recorded as attended: no certificate can be "
                "made of it."))
        session, name = slugify(registration.session.title)[:60], slugify(registration.name)[:60]
        filename = f"attest-{session}-{name}.pdf"
        context = certificate_context(registration)
        return DocumentContent(
            template_name="kennisdeling/pdf/attendance_certificate.html",
            context=context,
            filename=filename,
            # What the certificate shows, for a machine (embedded as report-data.json).
            data={"kind": KIND, **context},
        )


def register() -> None:
    register_kind(AttendanceCertificate())
