"""The headers of what the site sends: nothing with personal data is kept by a browser or a
proxy (`Cache-Control: no-store, private` on every answer to a signed-in user, the insurer's
export and evidence downloads included); a Content-Security-Policy, a Permissions-Policy and a
Referrer-Policy; and a request body over the limit is refused before it is read."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.urls import reverse

from workflows.models import ChecklistItem, StepPlanProcess
from workflows.services.checklists import evidence_add_file

from .workflows.conftest import start

PDF = b"%PDF-1.4 visie"
CSP = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self' 'nonce-{nonce}'",
    "style-src-attr": "'unsafe-inline'", "img-src": "'self' data:", "font-src": "'self'",
    "connect-src": "'self'", "object-src": "'none'", "base-uri": "'self'",
    "form-action": "'self'", "frame-ancestors": "'none'",
}
PERMISSIONS = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    return dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )


def assert_private(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "no-cache", "max-age=0"} <= directives
    assert response["Permissions-Policy"] == PERMISSIONS
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_register_page_is_private_with_its_policies(coordinator, department):
    # when
    response = signed_in(coordinator).get(reverse("insurance:department", args=[department.slug]))

    # then
    assert response.status_code == 200
    assert_private(response)
    page = response.content.decode()
    nonce = page.split('<meta name="csp-nonce" content="', 1)[1].split('"', 1)[0]
    assert len(nonce) >= 16
    assert policy(response) == {
        **CSP, "style-src": CSP["style-src"].format(nonce=nonce)}
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in page and " onclick=" not in page


def test_the_insurer_export_is_private(consultant):
    response = signed_in(consultant).post(reverse("insurance:export"), {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert_private(response)


def test_an_evidence_download_is_private_and_sandboxed(
    framework, department, coordinator, consultant, django_capture_on_commit_callbacks
):
    # given
    start(framework, [department], actor=consultant,
          capture=django_capture_on_commit_callbacks)
    plan = StepPlanProcess.objects.get(department=department, year=2024)
    item = ChecklistItem.objects.filter(plan_step__process=plan).order_by("pk").first()
    evidence = evidence_add_file(item=item, actor=coordinator,
                                 upload=SimpleUploadedFile("visie.pdf", PDF))

    # when
    response = signed_in(coordinator).get(
        reverse("workflows:evidence_download", args=[evidence.pk]))

    # then
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert_private(response)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_flow_chart_keeps_its_own_style_without_the_page_policy(consultant):
    response = signed_in(consultant).get("/stepplan/chart/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "<style" in response.content.decode()
    assert "Content-Security-Policy" not in response
    assert_private(response)


def test_the_login_page_is_not_kept_and_has_the_policies(db):
    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert policy(response)["script-src"] == "'self'"
    nonce = response.content.decode().split('<meta name="csp-nonce" content="', 1)[1][:24]
    assert policy(response)["style-src"] == f"'self' 'nonce-{nonce}'"
    assert response["Permissions-Policy"] == PERMISSIONS


def test_the_language_cookie_is_same_site(db):
    # (Secure in production: tests/test_production.py)
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    cookie = response.cookies["django_language"]
    assert (cookie["samesite"], cookie["httponly"]) == ("Lax", True)


# --- a request body over the limit ----------------------------------------------------------


class Body(io.RawIOBase):
    """A request body of `size` bytes that is made as it is read, counting what is read."""

    def __init__(self, size: int):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.read_bytes)
        buffer[:count] = b"x" * count
        self.read_bytes += count
        return count


@pytest.mark.parametrize("path", ["/accounts/login/", "/workflows/evidence/1/remove/"])
def test_a_body_over_the_limit_is_refused_before_it_is_read(db, settings, path):
    # given: a 300 MB upload announced by its Content-Length
    body = Body(300 * 1024 * 1024)
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": body,
        "CONTENT_TYPE": "multipart/form-data; boundary=grens",
        "CONTENT_LENGTH": str(body.size), "REMOTE_ADDR": "10.1.1.1",
    }
    answer = {}

    # when
    content = b"".join(WSGIHandler()(environ, lambda status, headers: answer.update(
        status=status, headers=dict(headers))))

    # then: 413 with the Dutch page, and not one byte of the body was read
    assert answer["status"] == "413 Request Entity Too Large"
    assert body.read_bytes == 0
    assert "groter dan 50 MB" in content.decode()
    assert answer["headers"]["Connection"] == "close"


def test_a_body_within_the_limit_is_read(db, settings):
    settings.REQUEST_MAX_BODY_MB = 1
    response = Client().post("/accounts/login/", {"username": "x" * 1000, "password": "y"})

    assert response.status_code == 200
