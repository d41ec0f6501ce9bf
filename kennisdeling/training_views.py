"""The training pages: the offer (everyone signed in), registering and cancelling (a
coordinator for their department), and the office's pages (sessions, registrations, waiting
list, attendance and its import). Thin: reads through `training_selectors`, writes through
`training_services`, who may do what through `beleid.access`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from beleid import access

from . import training_import, training_selectors, training_services
from .models import Registration, RegistrationStatus, TrainingSession
from .training_forms import (
    AttendanceForm,
    AttendanceImportForm,
    AudienceFilterForm,
    RegistrationForm,
    SessionForm,
)

PAGE_SIZE = 20


def _page(request, rows, size: int = PAGE_SIZE):
    return Paginator(rows, size).get_page(request.GET.get("page"))


class OfficeMixin(LoginRequiredMixin):
    """Pages for the Vrijwilligerspunt only (403 for everyone else)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not access.can_manage_training(request.user):
            raise PermissionDenied("The training offer is managed by the Vrijwilligerspunt.")
        return super().dispatch(request, *args, **kwargs)


class SessionMixin:
    """The session of the URL: a published one for everyone, any one for the office."""

    def get_session(self, request, pk) -> TrainingSession:
        sessions = TrainingSession.objects.all()
        if not access.can_manage_training(request.user):
            sessions = sessions.filter(published_at__isnull=False)
        return get_object_or_404(training_selectors.with_counts(sessions), pk=pk)


# --- everyone signed in -------------------------------------------------------------------


class OfferView(LoginRequiredMixin, TemplateView):
    """The upcoming published sessions, filtered by audience, a page at a time."""

    template_name = "kennisdeling/training/offer.html"

    def get_context_data(self, **kwargs):
        form = AudienceFilterForm(self.request.GET or None)
        audience = form.cleaned_data["audience"] if form.is_valid() else ""
        page = _page(self.request, training_selectors.training_offer(audience=audience))
        return super().get_context_data(
            form=form,
            page_obj=page,
            sessions=page.object_list,
            can_manage=access.can_manage_training(self.request.user),
            can_register=training_registration_possible(self.request.user),
            **kwargs,
        )


def training_registration_possible(user) -> bool:
    return access.training_registration_departments(user).exists()


class SessionDetailView(LoginRequiredMixin, SessionMixin, TemplateView):
    template_name = "kennisdeling/training/session_detail.html"

    def get_context_data(self, **kwargs):
        session = self.get_session(self.request, kwargs["pk"])
        user = self.request.user
        own = Registration.objects.none()
        departments = access.training_registration_departments(user)
        if not access.can_manage_training(user):
            own = (
                session.registrations.filter(
                    department__in=departments,
                    status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
                )
                .select_related("department")
                .order_by("registered_at", "id")
            )
        now = timezone.now()
        return super().get_context_data(
            session=session,
            seats_left=max(session.capacity - session.seats_taken, 0),
            own_registrations=own,
            open_for_registration=session.is_published and now <= session.registration_deadline,
            can_register=departments.exists(),
            can_manage=access.can_manage_training(user),
            **kwargs,
        )


class RegisterView(LoginRequiredMixin, SessionMixin, FormView):
    """A coordinator registers themselves or a colleague on behalf of their department."""

    template_name = "kennisdeling/training/register.html"
    form_class = RegistrationForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.departments = list(access.training_registration_departments(request.user))
        if not self.departments:
            raise PermissionDenied("Only coordinators register for a department.")
        self.session = self.get_session(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        departments = access.training_registration_departments(self.request.user)
        return {**super().get_form_kwargs(), "departments": departments}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            seats_left=max(self.session.capacity - self.session.seats_taken, 0),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        colleague = data["who"] == RegistrationForm.WHO_COLLEAGUE
        try:
            registration = training_services.registration_create(
                actor=self.request.user,
                session=self.session,
                department=data["department"],
                user=None if colleague else self.request.user,
                name=data["name"] if colleague else "",
                email=data["email"] if colleague else "",
            )
        except training_services.TrainingError as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(
                self.request,
                _("%(name)s is registered for %(session)s.")
                % {"name": registration.name, "session": self.session.title},
            )
        else:
            messages.warning(
                self.request,
                _(
                    "The session is full: %(name)s is on the waiting list for %(session)s and "
                    "moves up when a seat comes free."
                )
                % {"name": registration.name, "session": self.session.title},
            )
        return redirect("kennisdeling:training_registrations")


class DepartmentRegistrationsView(LoginRequiredMixin, TemplateView):
    """The registrations of the user's departments: for upcoming sessions (to cancel), or
    with `?when=past` for past ones (their attendance, and the certificate of who attended)."""

    template_name = "kennisdeling/training/department_registrations.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not training_registration_possible(request.user):
            raise PermissionDenied("Only coordinators register for a department.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        past = self.request.GET.get("when") == "past"
        page = _page(self.request, training_selectors.department_registrations(
            user=self.request.user, past=past))
        return super().get_context_data(page_obj=page, registrations=page.object_list,
                                        past=past, **kwargs)


class RegistrationCancelView(LoginRequiredMixin, TemplateView):
    """GET: what cancelling does; POST: cancel (a freed seat goes to the first in line)."""

    template_name = "kennisdeling/training/registration_cancel.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.registration = get_object_or_404(
            Registration.objects.select_related("session", "department").filter(
                department__in=access.training_registration_departments(request.user)
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        if access.can_manage_training(self.request.user):
            return reverse(
                "kennisdeling:training_session_registrations", args=[self.registration.session_id]
            )
        return reverse("kennisdeling:training_registrations")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.registration, back_url=self.back_url(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        try:
            promoted = training_services.registration_cancel(
                actor=request.user, registration=self.registration
            )
        except training_services.TrainingError as refused:
            messages.error(request, str(refused))
            return redirect(self.back_url())
        messages.success(
            request,
            _("The registration of %(name)s for %(session)s is cancelled.")
            % {"name": self.registration.name, "session": self.registration.session.title},
        )
        if promoted is not None and access.can_manage_training(request.user):
            messages.info(
                request, _("%(name)s moved up from the waiting list.") % {"name": promoted.name}
            )
        return redirect(self.back_url())


# --- the office ---------------------------------------------------------------------------


class SessionManageListView(OfficeMixin, TemplateView):
    """Every session, drafts and cancelled ones too: upcoming or past."""

    template_name = "kennisdeling/training/manage_list.html"

    def get_context_data(self, **kwargs):
        when = "past" if self.request.GET.get("when") == "past" else "upcoming"
        page = _page(self.request, training_selectors.sessions_for_office(when=when))
        return super().get_context_data(
            when=when, page_obj=page, sessions=page.object_list, **kwargs
        )


class SessionCreateView(OfficeMixin, FormView):
    template_name = "kennisdeling/training/session_form.html"
    form_class = SessionForm

    def form_valid(self, form):
        try:
            session = training_services.session_create(actor=self.request.user, **form.cleaned_data)
        except training_services.TrainingError as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The session %(session)s is saved as a draft: publish it to open registration.")
            % {"session": session.title},
        )
        return redirect("kennisdeling:training_session", pk=session.pk)


class SessionEditView(OfficeMixin, SessionMixin, FormView):
    template_name = "kennisdeling/training/session_form.html"
    form_class = SessionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.can_manage_training(request.user):
            self.session = self.get_session(request, kwargs["pk"])
            if self.session.is_cancelled:
                messages.info(
                    request, _("This session was cancelled; it can no longer be changed.")
                )
                return redirect("kennisdeling:training_session", pk=self.session.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.session}

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)

    def form_valid(self, form):
        try:
            training_services.session_update(
                actor=self.request.user, session=self.session, **form.cleaned_data
            )
        except training_services.TrainingError as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        messages.success(self.request, _("The session is saved."))
        return redirect("kennisdeling:training_session", pk=self.session.pk)


class SessionActionView(OfficeMixin, SessionMixin, TemplateView):
    """GET: a confirmation page; POST: publish or cancel the session."""

    template_name = "kennisdeling/training/session_action.html"
    action = "publish"

    def get_context_data(self, **kwargs):
        session = self.get_session(self.request, kwargs["pk"])
        return super().get_context_data(session=session, action=self.action, **kwargs)

    def post(self, request, *args, **kwargs):
        session = self.get_session(request, kwargs["pk"])
        service = (
            training_services.session_publish
            if self.action == "publish"
            else training_services.session_cancel
        )
        try:
            service(actor=request.user, session=session)
        except training_services.TrainingError as refused:
            messages.error(request, str(refused))
        else:
            if self.action == "publish":
                messages.success(
                    request,
                    _("%(session)s is published in the training offer.")
                    % {"session": session.title},
                )
            else:
                messages.success(
                    request, _("%(session)s is cancelled.") % {"session": session.title}
                )
        return redirect("kennisdeling:training_session", pk=session.pk)


class SessionRegistrationsView(OfficeMixin, SessionMixin, TemplateView):
    """A session's seats, its waiting list in order, and the cancelled registrations."""

    template_name = "kennisdeling/training/session_registrations.html"

    def get_context_data(self, **kwargs):
        session = self.get_session(self.request, kwargs["pk"])
        rows = list(
            training_selectors.session_registrations(session=session, user=self.request.user)
        )
        return super().get_context_data(
            session=session,
            registered=[r for r in rows if r.status == RegistrationStatus.REGISTERED],
            waiting=[r for r in rows if r.status == RegistrationStatus.WAITING],
            cancelled=[r for r in rows if r.status == RegistrationStatus.CANCELLED],
            can_cancel=timezone.now() < session.starts_at,
            **kwargs,
        )


class AttendanceView(OfficeMixin, SessionMixin, FormView):
    """The whole session's attendance in one form."""

    template_name = "kennisdeling/training/attendance.html"
    form_class = AttendanceForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.can_manage_training(request.user):
            self.session = self.get_session(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        registrations = training_selectors.session_registrations(
            session=self.session, user=self.request.user
        ).filter(status=RegistrationStatus.REGISTERED)
        return {**super().get_form_kwargs(), "registrations": registrations}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session, started=timezone.now() >= self.session.starts_at, **kwargs
        )

    def form_valid(self, form):
        try:
            changed = training_services.session_attendance_record(
                actor=self.request.user, session=self.session, attendance=form.attendance()
            )
        except training_services.TrainingError as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Attendance saved (%(count)s changed).") % {"count": changed}
        )
        return redirect("kennisdeling:training_session_registrations", pk=self.session.pk)


class AttendanceImportView(OfficeMixin, SessionMixin, FormView):
    """Upload an attendance list; the preview shows a result per line; confirm records the
    matched lines in one transaction."""

    template_name = "kennisdeling/training/attendance_import.html"
    form_class = AttendanceImportForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.can_manage_training(request.user):
            self.session = self.get_session(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request.POST["token"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            preview = training_import.match_attendance(
                session=self.session, data=form.cleaned_data["file"].read()
            )
        except training_import.AttendanceFileError as refused:
            form.add_error("file", str(refused))
            return self.form_invalid(form)
        page = _page(self.request, preview.lines, 200)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                preview=preview,
                lines=preview.lines,
                page_obj=page,
                token=training_import.sign_preview(session=self.session, preview=preview),
            )
        )

    def confirm(self, token: str):
        try:
            attendance, left_out = training_import.unsign_preview(session=self.session, token=token)
        except signing.BadSignature:
            messages.error(
                self.request, _("The preview has expired or was changed: upload the list again.")
            )
            return redirect("kennisdeling:training_attendance_import", pk=self.session.pk)
        try:
            changed = training_services.session_attendance_record(
                actor=self.request.user,
                session=self.session,
                attendance=attendance,
                source="import",
            )
        except training_services.TrainingError as refused:
            messages.error(self.request, str(refused))
            return redirect("kennisdeling:training_attendance_import", pk=self.session.pk)
        messages.success(
            self.request,
            _("Attendance imported: %(count)s lines recorded (%(changed)s changed).")
            % {"count": len(attendance), "changed": changed},
        )
        if left_out:
            messages.warning(
                self.request,
                _("%(count)s lines of the list matched no seat and were not imported.")
                % {"count": left_out},
            )
        return redirect("kennisdeling:training_attendance", pk=self.session.pk)
