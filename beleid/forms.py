from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditEventType, Department, FrameworkVersion


class InterpretationForm(forms.Form):
    text = forms.CharField(
        label=_("Our own interpretation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
        help_text=_("How your department translates this requirement to its own context."),
    )


class DepartmentFilterForm(forms.Form):
    """Search the department list by name or cluster, and by organisation (GET)."""

    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"), required=False,
        choices=[("", _("All")), *Department.Organisation.choices],
    )

    def filters(self) -> dict:
        """The valid filters as keyword arguments of `selectors.department_list`."""
        if not self.is_valid():
            return {"search": "", "organisation": ""}
        return {
            "search": self.cleaned_data["q"].strip(),
            "organisation": self.cleaned_data["organisation"],
        }


class _DayInput(forms.DateInput):
    """The browser's date picker; its value is an ISO date whatever the language."""

    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class AuditTrailFilterForm(forms.Form):
    """Filters of a department's audit trail: event, person, period (GET)."""

    event = forms.ChoiceField(label=_("Event"), required=False)
    person = _PersonChoiceField(
        label=_("Done by"), required=False, queryset=None, empty_label=_("Everyone")
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=_DayInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=_DayInput())

    def __init__(self, data, *, event_types: list[tuple[str, str]], people):
        super().__init__(data)
        wanted = (data or {}).get("event", "")
        if wanted in AuditEventType.values and wanted not in dict(event_types):
            # A known event that this trail does not hold (yet): found nothing, not an error.
            event_types = [*event_types, (wanted, AuditEventType.label_of(wanted))]
        self.fields["event"].choices = [("", _("All events")), *event_types]
        self.fields["person"].queryset = people

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period lies before its start."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters as keyword arguments of `selectors.department_audit_trail`."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = self.cleaned_data
        return {
            "event_type": cleaned.get("event") or "",
            "person": cleaned.get("person"),
            "date_from": cleaned.get("date_from"),
            "date_to": cleaned.get("date_to") if "date_to" not in self.errors else None,
        }


class FrameworkCompareForm(forms.Form):
    """Two framework versions to compare (GET)."""

    old = forms.ModelChoiceField(
        label=_("Compare version"), queryset=FrameworkVersion.objects.order_by("code"),
        to_field_name="code", empty_label=None,
    )
    new = forms.ModelChoiceField(
        label=_("with version"), queryset=FrameworkVersion.objects.order_by("code"),
        to_field_name="code", empty_label=None,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") is not None and cleaned.get("old") == cleaned.get("new"):
            self.add_error("new", _("Choose two different versions."))
        return cleaned
