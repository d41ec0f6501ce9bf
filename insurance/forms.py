from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .email_address import MAX_LENGTH as MAILBOX_MAX_LENGTH
from .email_address import normalise as normalise_mailbox
from .email_address import validate_mailbox
from .models import Benefit, BenefitDeclaration, InformationNote

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Volunteer list"),
        help_text=_("A CSV or Excel (XLSX) file with the columns of the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.EVIDENCE_MAX_UPLOAD_MB})
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", _("Excel (XLSX)")),
                                                           ("csv", _("CSV"))])
    since = forms.DateField(
        label=_("Only additions and removals since"), required=False, widget=DATE_INPUT,
        help_text=_("Leave empty for the full list of insured persons."),
    )


class EngagementEndForm(forms.Form):
    end_date = forms.DateField(
        label=_("Last day"), widget=DATE_INPUT,
        help_text=_("The last day the volunteer works in this department."),
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.engagement = engagement

    def clean_end_date(self):
        end_date = self.cleaned_data["end_date"]
        if end_date < self.engagement.start_date:
            raise forms.ValidationError(
                _("The last day cannot lie before the start (%(start)s).")
                % {"start": date_format(self.engagement.start_date, "DATE_FORMAT")})
        return end_date


class IntakeForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DATE_INPUT)
    # As mail systems accept them (josé@..., ...@bücher.be): not Django's (or the browser's)
    # ASCII-only check.
    email = forms.CharField(label=_("E-mail"), required=False, max_length=MAILBOX_MAX_LENGTH,
                            validators=[validate_mailbox],
                            widget=forms.TextInput(attrs={"inputmode": "email",
                                                          "autocomplete": "email"}))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    emergency_contact = forms.CharField(label=_("Emergency contact"), max_length=200,
                                        required=False)
    national_number = forms.CharField(
        label=_("National register number"), max_length=20, required=False,
        help_text=_("Only when the insurer requires it."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    tasks = forms.CharField(label=_("Tasks"), max_length=300, required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        only = list(departments[:2])
        if len(only) == 1:  # a coordinator of one department need not choose it
            self.fields["department"].initial = only[0].pk
        if not settings.INSURER_REQUIRES_NATIONAL_NUMBER:
            del self.fields["national_number"]

    def clean_email(self):
        return normalise_mailbox(self.cleaned_data["email"])


class InformationNoteForm(forms.Form):
    given_on = forms.DateField(label=_("Given on"), widget=DATE_INPUT)
    method = forms.ChoiceField(label=_("How"), choices=InformationNote.Method.choices)
    agreement_note = forms.BooleanField(label=_("Signed agreement note (welfare decree)"),
                                        required=False)


class DutyToReportForm(forms.Form):
    benefit = forms.ChoiceField(label=_("Benefit"), choices=Benefit.choices)
    filed_on = forms.DateField(label=_("Declaration filed on"), required=False,
                               widget=DATE_INPUT)
    answer = forms.ChoiceField(label=_("Answer"), choices=BenefitDeclaration.Answer.choices,
                               required=False)
    answered_on = forms.DateField(label=_("Answered on"), required=False, widget=DATE_INPUT)

    def clean(self):
        data = super().clean()
        if data.get("benefit") not in (None, Benefit.NONE) and not data.get("filed_on"):
            self.add_error("filed_on", _("Record when the declaration was filed."))
        return data


class ConfirmForm(forms.Form):
    """A task that only needs the coordinator's confirmation."""
