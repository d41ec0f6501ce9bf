"""Documents rendered in the background: every PDF of the product (attendance certificates,
audit reports) is asked for, rendered by a Celery task, and then downloaded. What a document
is and who may ask for it is said by its kind (`beleid.documents`)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _document_path(instance, filename):
    # Under MEDIA_ROOT, which nothing serves: only the download view hands a document out.
    return f"documents/{instance.created_at:%Y/%m}/{instance.pk}.pdf"


# The verification code's alphabet: digits and capitals without those a reader confuses
# (0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V): 23 signs, 12 of them give 23**12 (about 2e16) codes.
VERIFICATION_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
VERIFICATION_GROUPS = 3
VERIFICATION_GROUP_LENGTH = 4


def new_verification_code() -> str:
    """A random verification code in groups ("7KQ4-M2XD-9PLA"): what a reader types on the
    verification page to find a document (printed in every page's footer)."""
    return "-".join(
        "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_GROUP_LENGTH))
        for _ in range(VERIFICATION_GROUPS)
    )


def normalise_verification_code(text: str) -> str:
    """A code as typed ("7kq4 m2xd9pla", "7KQ4-M2XD-9PLA") in its stored form, or "" when it
    cannot be one."""
    signs = "".join(char for char in text.upper() if char.isalnum())
    size = VERIFICATION_GROUPS * VERIFICATION_GROUP_LENGTH
    if len(signs) != size or any(char not in VERIFICATION_ALPHABET for char in signs):
        return ""
    return "-".join(signs[i:i + VERIFICATION_GROUP_LENGTH]
                    for i in range(0, size, VERIFICATION_GROUP_LENGTH))


class Document(models.Model):
    """One asked-for document: its kind and parameters (ids, never objects), who asked for it,
    in which language, and, once rendered, the file with its SHA-256 and size."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be made")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    # The task is working on these: the status page refreshes itself.
    RUNNING = (State.QUEUED, State.RENDERING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # A kind registered in `beleid.documents` ("attendance_certificate", ...).
    kind = models.CharField(_("kind"), max_length=64)
    # What the kind needs to build the document (ids and plain values: JSON).
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Its name for people (e.g. "Attest: Basisvorming vrijwilligerswerk, Jan Peeters"),
    # fixed when it was asked for.
    title = models.CharField(_("title"), max_length=300)
    # None: made on the command line (`document_render_now`).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE,
        related_name="+", null=True, blank=True,
    )
    # Printed in every page's footer; the verification page finds the document by it.
    verification_code = models.CharField(
        _("verification code"), max_length=14, unique=True, default=new_verification_code,
        editable=False,
    )
    department = models.ForeignKey(
        "beleid.Department", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.QUEUED)
    file = models.FileField(_("file"), upload_to=_document_path, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Why it failed (shown to the user); empty otherwise.
    message = models.TextField(_("message"), blank=True)
    # How often a worker began rendering it (a render that kills its worker comes back).
    runs = models.PositiveSmallIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"]),
            # The verification page looks an uploaded file up by its SHA-256.
            models.Index(fields=["sha256"], name="beleid_document_sha256"),
        ]

    def __str__(self):
        # Never its title: the audit trail copies str() of its objects, and a title may name a
        # person (the trail's namer shows the title to who may see names, else the kind).
        return str(self._meta.verbose_name)

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING
