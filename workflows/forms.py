import datetime

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from beleid.models import Department, FrameworkVersion, Step

from .models import ChecklistItem
from .services.checklists import ITEM_FIELDS, LINK_SCHEMES, ItemInput
from .services.evidence_files import evidence_file_problems


class _Form(forms.Form):
    """Labels without a colon, as in viewflow's own forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class WebAddressField(forms.URLField):
    """A web address: http or https (Django's URLField also takes ftp and ftps)."""

    default_validators = [URLValidator(schemes=LINK_SCHEMES)]
    default_error_messages = {
        "invalid": _("Enter a web address that starts with http:// or https://.")
    }


class ChecklistItemForm(_Form):
    """One item of the checklist, and the evidence to add to it: the whole checklist is one
    form on the page (one prefix per item), so that saving it also adds the chosen files and
    links, and nothing typed is lost."""

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
    file = forms.FileField(label=_("Add a file"), required=False)
    link_url = WebAddressField(
        label=_("Add a link to the knowledge base"), required=False, assume_scheme="https"
    )
    link_title = forms.CharField(label=_("Title of the link"), required=False, max_length=200)
    article = forms.TypedChoiceField(
        label=_("Or choose an article of the knowledge base"), required=False, coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, article_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The published articles, read once for the whole page (`knowledge_selectors`).
        self.fields["article"].choices = [("", _("(no article)")), *article_choices]
        # Set per request: the limit is a setting and the text follows the user's language.
        self.fields["file"].help_text = _(
            "PDF, DOCX, XLSX, ODT, PNG or JPG, at most %(mb)s MB. Added when you save."
        ) % {"mb": settings.EVIDENCE_MAX_UPLOAD_MB}

    @classmethod
    def for_item(cls, item: ChecklistItem, data=None, files=None, article_choices=()):
        return cls(
            data,
            files,
            prefix=f"item-{item.pk}",
            initial={field: getattr(item, field) for field in ITEM_FIELDS},
            article_choices=article_choices,
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            problems = evidence_file_problems(
                name=upload.name or "", size=upload.size, file=upload
            )
            for problem in problems:
                self.add_error("file", problem)
        return upload

    def clean(self):
        cleaned = super().clean()
        url, title = cleaned.get("link_url"), cleaned.get("link_title", "").strip()
        if url and not title:
            self.add_error("link_title", _("Give the link a title."))
        if title and not url and "link_url" not in self.errors:
            self.add_error("link_url", _("Give the address of the link."))
        if (
            cleaned.get("status") == ChecklistItem.Status.NOT_APPLICABLE
            and not cleaned.get("explanation", "").strip()
        ):
            self.add_error("explanation", _("Say why it does not apply."))
        return cleaned

    def entered(self) -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            **{field: data[field] for field in ITEM_FIELDS},
            file=data.get("file") or None,
            link_url=data.get("link_url") or "",
            link_title=(data.get("link_title") or "").strip(),
            article_id=data.get("article"),
        )


class VisionForm(_Form):
    vision_text = forms.CharField(
        label=_("Our vision on working with volunteers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReviewForm(_Form):
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


class SignOffForm(_Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoundStartForm(_Form):
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

    def step_due_fields(self):
        return [self[f"due_{kind.value}"] for kind in Step.Kind]

    def due_dates(self) -> dict[str, datetime.date]:
        common = self.cleaned_data["due_date"]
        return {
            kind.value: self.cleaned_data.get(f"due_{kind.value}") or common for kind in Step.Kind
        }

    def chosen_departments(self):
        chosen = self.cleaned_data["departments"]
        return chosen if chosen else self.fields["departments"].queryset
