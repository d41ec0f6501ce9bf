import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from beleid.models import Department, FrameworkVersion, Step

from .models import ChecklistItem


class ChecklistItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ChecklistItem.Status.choices)
    explanation = forms.CharField(
        label=_("Explanation (required when not met or not applicable)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    interpretation = forms.CharField(
        label=_("Our interpretation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    comment = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def for_item(cls, item: ChecklistItem, data=None):
        return cls(
            data,
            prefix=f"item-{item.pk}",
            initial={field: getattr(item, field) for field in cls.base_fields},
        )


class VisionForm(forms.Form):
    vision_text = forms.CharField(
        label=_("Our vision on working with volunteers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class EvidenceFileForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set per request: the limit is a setting and the text follows the user's language.
        self.fields["file"].help_text = _(
            "PDF, DOCX, XLSX, ODT, PNG or JPG, at most %(mb)s MB."
        ) % {"mb": settings.EVIDENCE_MAX_UPLOAD_MB}


class EvidenceLinkForm(forms.Form):
    url = forms.URLField(label=_("Link to the knowledge-base item"), assume_scheme="https")
    title = forms.CharField(label=_("Title"), max_length=200)


class ReviewForm(forms.Form):
    APPROVE = "approve"
    RETURN = "return"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return to the coordinators"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (required when returning)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignOffForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoundStartForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    framework_version = forms.ModelChoiceField(
        label=_("Framework version"),
        queryset=FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.filter(active=True).order_by("name"),
        required=False,
        help_text=_("Leave empty to start the round for every active department."),
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(
        label=_("Due date of every step"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An optional due date per step overrides the common one.
        for kind in Step.Kind:
            self.fields[f"due_{kind.value}"] = forms.DateField(
                label=kind.label,
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def due_dates(self) -> dict[str, datetime.date]:
        common = self.cleaned_data["due_date"]
        return {
            kind.value: self.cleaned_data.get(f"due_{kind.value}") or common for kind in Step.Kind
        }

    def chosen_departments(self):
        chosen = self.cleaned_data["departments"]
        return chosen if chosen else self.fields["departments"].queryset
