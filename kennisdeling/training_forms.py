"""The forms of the training pages."""

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import Attendance, Audience, TrainingSession

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.ModelForm):
    webinar_url = forms.URLField(
        label=capfirst(_("webinar link")),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For a webinar: the link (http or https). Else give a place."),
    )

    class Meta:
        model = TrainingSession
        # What the session's audit events record, and its description.
        fields = [*TrainingSession.AUDITED_FIELDS, "description"]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "ends_at": DATETIME_INPUT,
            "registration_deadline": DATETIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "registration_deadline": _(
                "Registrations close at this moment (at the latest the start)."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        deadline = cleaned.get("registration_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        if starts and deadline and deadline > starts:
            self.add_error(
                "registration_deadline", _("The registration deadline must not be after the start.")
            )
        if not cleaned.get("place") and not cleaned.get("webinar_url"):
            self.add_error("place", _("Give a place or a webinar link."))
        return cleaned

    def validate_constraints(self, exclude=None):
        # The rules of the database's constraints are checked above, beside their fields.
        return None


class AudienceFilterForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("Everyone")), *Audience.choices],
    )


class RegistrationForm(forms.Form):
    """A coordinator registers themselves or a colleague, for one of their departments."""

    WHO_SELF = "self"
    WHO_COLLEAGUE = "colleague"

    department = forms.ModelChoiceField(label=_("On behalf of department"), queryset=None)
    who = forms.ChoiceField(
        label=_("Who attends"),
        choices=[(WHO_SELF, _("I do")), (WHO_COLLEAGUE, _("A colleague"))],
        widget=forms.RadioSelect,
        initial=WHO_SELF,
    )
    name = forms.CharField(label=_("Colleague's name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Colleague's e-mail address"), required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        if len(departments) == 1:
            self.fields["department"].initial = departments[0]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("who") == self.WHO_COLLEAGUE:
            if not cleaned.get("name"):
                self.add_error("name", _("Give the colleague's name."))
            if not cleaned.get("email"):
                self.add_error("email", _("Give the colleague's e-mail address."))
        return cleaned


class AttendanceForm(forms.Form):
    """One choice per seat of the session: the whole session in one form."""

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for registration in self.registrations:
            self.fields[f"attendance_{registration.pk}"] = forms.ChoiceField(
                label=registration.name,
                choices=Attendance.choices,
                initial=registration.attendance,
                widget=forms.RadioSelect,
            )

    def rows(self):
        return [
            (registration, self[f"attendance_{registration.pk}"])
            for registration in self.registrations
        ]

    def attendance(self) -> dict[int, str]:
        return {
            registration.pk: self.cleaned_data[f"attendance_{registration.pk}"]
            for registration in self.registrations
        }


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance list"),
        help_text=_("A CSV or Excel (XLSX) file with a column for the e-mail address or the name."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.EVIDENCE_MAX_UPLOAD_MB}
            )
        return upload
