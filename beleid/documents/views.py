"""The pages of a document: ask for it (a POST from the page that offers it), follow it while
it is made (the status page refreshes itself), download it. Thin: scope through
`beleid.access`, call a service. A request never renders: it only queues."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from beleid import access
from beleid.models import Document
from beleid.services import documents as services

from . import get_kind


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
