"""The verification page's forms: a verification code, or an uploaded PDF."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from beleid.models.documents import normalise_verification_code


class VerificationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"), max_length=40,
        help_text=_("As printed at the bottom of every page, e.g. 7KQ4-MWXD-9PTA."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not normalise_verification_code(code):
            raise forms.ValidationError(_(
                "A verification code has 12 letters and digits, e.g. 7KQ4-MWXD-9PTA."))
        return code


class VerificationFileForm(forms.Form):
    pdf = forms.FileField(label=_("PDF file"), widget=forms.ClearableFileInput(
        attrs={"accept": "application/pdf,.pdf"}))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        max_mb = settings.DOCUMENT_VERIFY_MAX_MB
        if upload.size > max_mb * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(max)d MB: no document of this system is.")
                % {"max": max_mb})
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload
