"""The filters of the office's overview: a GET form (the address says what is shown, so a
filtered matrix can be bookmarked, shared and exported as it is)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beleid.models import Department
from workflows.models import PlanStep

from .office_selectors import OfficeFilters, Sort

YES, NO = "yes", "no"


def _person(user) -> str:
    return user.get_full_name() or user.username


class OfficeFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Round"), coerce=int, required=False)
    organisation = forms.ChoiceField(
        label=_("City / OCMW"), required=False,
        choices=[("", _("Both")), *Department.Organisation.choices],
    )
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    welfare_decree = forms.ChoiceField(
        label=_("Welfare decree"), required=False,
        choices=[("", _("All departments")), (YES, _("Under the welfare decree")),
                 (NO, _("Not under the welfare decree"))],
    )
    step = forms.ChoiceField(label=_("Step"), required=False)
    status = forms.ChoiceField(
        label=_("Status of a step"), required=False,
        choices=[("", _("Any status")), *PlanStep.Status.choices],
    )
    overdue = forms.BooleanField(label=_("Only with overdue steps"), required=False)
    reviewer = forms.TypedChoiceField(
        label=_("Reviewed by"), coerce=int, required=False, empty_value=None,
        help_text=_("Departments of which this person reviewed a step in the round."),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.CHOICES)

    def __init__(self, data, *, rounds, steps, clusters, reviewers):
        super().__init__(data)
        self.fields["year"].choices = [(r.year, str(r.year)) for r in rounds]
        self.fields["cluster"].choices = [("", _("All clusters"))] + [(c, c) for c in clusters]
        self.fields["step"].choices = [("", _("Any step"))] + [
            (step.code, step.display_title) for step in steps]
        self.fields["reviewer"].choices = [("", _("Anybody"))] + [
            (user.pk, _person(user)) for user in reviewers]

    def filters(self, *, year: int | None) -> OfficeFilters:
        """The filters the form holds; a value that is not valid is left out (and the form
        shows why)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        welfare = data.get("welfare_decree")
        return OfficeFilters(
            year=year,
            organisation=data.get("organisation") or "",
            cluster=data.get("cluster") or "",
            welfare_decree=True if welfare == YES else False if welfare == NO else None,
            step=data.get("step") or "",
            status=data.get("status") or "",
            overdue=bool(data.get("overdue")),
            reviewer=data.get("reviewer"),
            sort=data.get("sort") or Sort.NAME,
        )

    @property
    def filtered(self) -> bool:
        """Any filter chosen (the round and the order are not filters)."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in (
            "organisation", "cluster", "welfare_decree", "status", "overdue", "reviewer"))
