from django import forms
from django.utils.translation import gettext_lazy as _


class InterpretationForm(forms.Form):
    text = forms.CharField(
        label=_("Our own interpretation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
        help_text=_("How your department translates this requirement to its own context."),
    )
