"""The pages of a document: ask for it (a POST from the page that offers it), follow it while
it is made (the status page refreshes itself), download it; and the verification page, where
anyone logged in checks a code or a PDF. Thin: scope through
`beleid.access`, call a service. A request never renders: it only queues."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from beleid import access
from beleid.models import Document
from beleid.services import documents as services

from . import get_kind
from .forms import VerificationCodeForm, VerificationFileForm


def _visible_document_or_404(user, pk) -> Document:
    """The document if `user` may see it; 404 for anyone else (it does not exist for them)."""
    document = get_object_or_404(Document.objects.select_related("department"), pk=pk)
    if not access.can_see_document(user, document):
        raise Http404("No such document for this user.")
    return document


class DocumentRequestView(LoginRequiredMixin, View):
    """POST: ask for a document of a kind; the form's fields are the kind's to read. 404 when
    what it names does not exist for the user, or they may not ask for it."""

    http_method_names = ["post"]

    def post(self, request, kind):
        document_kind = get_kind(kind)
        if document_kind is None:
            raise Http404("No such kind of document.")
        params = document_kind.params_from_request(request.user, request.POST)
        if not access.can_request_document(request.user, document_kind, params):
            raise Http404("No such document for this user.")
        document = services.document_request(actor=request.user, kind=kind, params=params)
        return redirect("beleid:document_status", pk=document.pk)


class DocumentStatusView(LoginRequiredMixin, TemplateView):
    """The state of a document: refreshing itself while it is made, then its download (or why
    it failed, with a button to ask for it again)."""

    template_name = "beleid/document_status.html"
    # How often the page asks again while the document is made (milliseconds).
    refresh_ms = 1500

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.document = _visible_document_or_404(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        document = self.document
        kind = get_kind(document.kind)
        return super().get_context_data(
            document=document, kind_label=kind.label,
            back_url=kind.back_url(document, self.request.user),
            refresh_ms=self.refresh_ms if document.running else None, **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Ask again for a document that failed."""
        if self.document.state != Document.State.FAILED:
            return redirect("beleid:document_status", pk=self.document.pk)
        document = services.document_request_again(actor=request.user, document=self.document)
        messages.success(request, _("The document is asked for again."))
        return redirect("beleid:document_status", pk=document.pk)


class DocumentDownloadView(LoginRequiredMixin, View):
    """A ready document as a download (never shown inline), to who may see it; recorded in
    the audit trail."""

    def get(self, request, pk):
        document = _visible_document_or_404(request.user, pk)
        if document.state != Document.State.READY:
            raise Http404("This document is not ready.")
        services.document_download(actor=request.user, document=document)
        response = FileResponse(
            document.file.open("rb"), as_attachment=True, filename=document.filename,
            content_type="application/pdf",
        )
        response["Cache-Control"] = "no-store, private"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


def verification_answer(user, verification: services.Verification) -> dict | None:
    """What the verification page may say of the document found: who holds the file (a
    genuine upload) or may see the document learns its title and who asked for it; anyone
    else, with only a code, learns the kind's public title, the date and the SHA-256 — never
    a name, never the file. None when nothing was found."""
    document = verification.document
    if document is None:
        return None
    kind = get_kind(document.kind)
    may_see = access.can_see_document(user, document)
    named = may_see or verification.outcome == services.VerificationOutcome.GENUINE
    requested_by = None
    if named:
        requester = document.requested_by
        requested_by = ((requester.get_full_name() or requester.get_username())
                        if requester is not None else _("made on the command line"))
    return {
        "title": document.title if named or kind is None else kind.public_title(document),
        "kind_label": kind.label if kind is not None else document.kind,
        "made_at": document.finished_at,
        "requested_by": requested_by,
        "sha256": document.sha256,
        "verification_code": document.verification_code if named else None,
        "status_url": (reverse("beleid:document_status", args=[document.pk])
                       if may_see else None),
    }


class DocumentVerifyView(LoginRequiredMixin, TemplateView):
    """Is this a genuine, unaltered document of this system? Enter its verification code (which
    document it is: compare its SHA-256 with the file's) or upload the PDF (its SHA-256 equal
    to a ready document's). Every check is in the audit trail."""

    template_name = "beleid/document_verify.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("code_form", VerificationCodeForm(prefix="code"))
        kwargs.setdefault("file_form", VerificationFileForm(prefix="file"))
        return super().get_context_data(max_mb=settings.DOCUMENT_VERIFY_MAX_MB, **kwargs)

    def post(self, request, *args, **kwargs):
        if "file-pdf" in request.FILES or request.POST.get("check") == "file":
            form = VerificationFileForm(request.POST, request.FILES, prefix="file")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(file_form=form),
                                               status=400)
            verification = services.document_verify_file(
                actor=request.user, upload=form.cleaned_data["pdf"])
        else:
            form = VerificationCodeForm(request.POST, prefix="code")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(code_form=form),
                                               status=400)
            verification = services.document_verify_code(
                actor=request.user, code=form.cleaned_data["code"])
        return self.render_to_response(self.get_context_data(
            verification=verification,
            answer=verification_answer(request.user, verification),
        ))
