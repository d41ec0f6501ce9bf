"""Pages of the consultation meetings: the list, a meeting, a department's meetings; the
office records and corrects them. Who reads which meeting: `beleid.access.scope_meetings`."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from beleid import access

from . import knowledge_selectors as selectors
from . import markdown, meeting_services
from .knowledge_forms import MeetingForm


class MeetingListView(LoginRequiredMixin, TemplateView):
    template_name = "kennisdeling/meetings/meeting_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        user = self.request.user
        page = Paginator(selectors.meetings_visible(user=user).prefetch_related("decisions"),
                         self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page, can_record=access.can_record_meetings(user), **kwargs)


class MeetingDetailView(LoginRequiredMixin, TemplateView):
    template_name = "kennisdeling/meetings/meeting_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        meeting = get_object_or_404(
            selectors.meetings_visible(user=user).select_related("recorded_by"), pk=kwargs["pk"])
        return super().get_context_data(
            meeting=meeting, agenda=markdown.stored(meeting.agenda_html),
            minutes=markdown.stored(meeting.minutes_html), decisions=meeting.decisions.all(),
            can_record=access.can_record_meetings(user), **kwargs)


class DepartmentMeetingsView(LoginRequiredMixin, TemplateView):
    """The meetings a department took part in (linked from its page in beleid)."""

    template_name = "kennisdeling/meetings/department_meetings.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        user = self.request.user
        department = access.visible_department_or_404(user, slug=kwargs["slug"])
        page = Paginator(
            selectors.department_meetings(department=department, user=user)
            .prefetch_related("decisions"),
            self.paginate_by,
        ).get_page(self.request.GET.get("page"))
        return super().get_context_data(department=department, page_obj=page, **kwargs)


class _MeetingFormView(LoginRequiredMixin, FormView):
    template_name = "kennisdeling/meetings/meeting_form.html"
    form_class = MeetingForm
    meeting = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not access.can_record_meetings(request.user):
            raise PermissionDenied
        if "pk" in kwargs:
            self.meeting = get_object_or_404(
                selectors.meetings_visible(user=request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return MeetingForm.initial_of(self.meeting) if self.meeting else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def form_valid(self, form):
        try:
            if self.meeting is None:
                meeting = meeting_services.meeting_record(
                    actor=self.request.user, data=form.entered())
            else:
                meeting = meeting_services.meeting_update(
                    actor=self.request.user, meeting=self.meeting, data=form.entered())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting “%(title)s” has been saved.") % {
            "title": meeting.title})
        return redirect("kennisdeling:meeting_detail", pk=meeting.pk)


class MeetingCreateView(_MeetingFormView):
    pass


class MeetingEditView(_MeetingFormView):
    pass
