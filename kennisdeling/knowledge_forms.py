"""Forms of the knowledge base and the meetings (labels without a colon, as viewflow's)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from beleid import roles
from beleid.models import Department

from .knowledge_services import TEMPLATE_EXTENSIONS, ArticleInput
from .meeting_services import MeetingInput
from .models import Article, Category


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ArticleForm(_Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Article.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, required=False,
        help_text=_("One or two sentences: shown in the lists and the search results."),
    )
    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: # heading, **bold**, *italic*, - list, [link](https://...)."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("order", "name"),
        required=False, empty_label=_("(no category)"),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300,
        help_text=_("Separated by commas, e.g. onboarding, privacy."),
    )
    requirements = forms.MultipleChoiceField(
        label=_("Serves these requirements"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = forms.ModelChoiceField(
        label=_("Owner of the article"), queryset=get_user_model().objects.none(),
        help_text=_("Keeps it up to date and reviews it every year."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(Article.Status.DRAFT, Article.Status.DRAFT.label),
                 (Article.Status.PUBLISHED, Article.Status.PUBLISHED.label)],
    )
    reviewed = forms.BooleanField(
        label=_("I reviewed the content: it is still right (the review date becomes today)"),
        required=False,
    )
    file = forms.FileField(
        label=_("File to download"), required=False,
        help_text=_("For a template: DOCX, ODT, PDF, XLSX, ODS, TXT or MD."),
    )

    def __init__(self, *args, requirement_choices=(), has_file=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_file = has_file
        self.fields["requirements"].choices = requirement_choices
        self.fields["owner"].queryset = get_user_model().objects.filter(
            Q(groups__name__in=[roles.CONSULTANT, roles.ADMINISTRATOR]) | Q(is_superuser=True),
            is_active=True,
        ).distinct().order_by("first_name", "last_name", "username")
        self.fields["owner"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username())

    @classmethod
    def initial_of(cls, article: Article) -> dict:
        return {
            "kind": article.kind, "title": article.title, "summary": article.summary,
            "body": article.body, "category": article.category_id,
            "tags": ", ".join(tag.name for tag in article.tags.all()),
            "requirements": [link.requirement_code for link in article.requirement_links.all()],
            "owner": article.owner_id, "status": article.status,
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and not (upload.name or "").lower().endswith(TEMPLATE_EXTENSIONS):
            raise forms.ValidationError(
                _("A template is a DOCX, ODT, PDF, XLSX, ODS, TXT or MD file."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("kind") == Article.Kind.TEMPLATE and not cleaned.get("file")
                and not self.has_file and "file" not in self.errors):
            self.add_error("file", _("A template to download needs its file."))
        return cleaned

    def entered(self) -> ArticleInput:
        data = self.cleaned_data
        return ArticleInput(
            kind=data["kind"], title=data["title"], summary=data["summary"], body=data["body"],
            owner=data["owner"], category=data["category"],
            tag_names=[name.strip() for name in data["tags"].split(",") if name.strip()],
            status=data["status"], requirement_codes=list(data["requirements"]),
            reviewed=data["reviewed"], file=data.get("file") or None,
        )


class SearchForm(_Form):
    q = forms.CharField(label=_("Search the knowledge base"), max_length=200, required=False)


class MeetingForm(_Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Title"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: one item per line starting with - or 1."),
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown."),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments that took part"), required=False,
        queryset=Department.objects.filter(active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One decision per line."),
    )

    @classmethod
    def initial_of(cls, meeting) -> dict:
        return {
            "date": meeting.date, "title": meeting.title, "agenda": meeting.agenda,
            "minutes": meeting.minutes, "departments": list(meeting.departments.all()),
            "decisions": "\n".join(decision.text for decision in meeting.decisions.all()),
        }

    def entered(self) -> MeetingInput:
        data = self.cleaned_data
        return MeetingInput(
            date=data["date"], title=data["title"], agenda=data["agenda"],
            minutes=data["minutes"], departments=list(data["departments"]),
            decisions=[line.strip() for line in data["decisions"].splitlines() if line.strip()],
        )
