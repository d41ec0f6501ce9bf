"""The attendance certificate made by a real Celery worker on the run's broker: the request
only queues, the worker renders the PDF/A, and user text in it asks the network for nothing."""

from pathlib import Path

import pytest
from django.urls import reverse

from beleid.models import Document
from tests.kennisdeling.certified import registration
from tests.pdf_checks import counting_server, fonts, pdf_text, pdfa_identification

pytestmark = pytest.mark.integration


def test_the_worker_makes_the_certificate_and_asks_nothing_of_the_network(
    celery_worker_process, client, coordinator, department,
):
    with counting_server() as server:
        port = server.server_port
        attended = registration(
            department, name=f'An Peeters <img src="http://127.0.0.1:{port}/x">')
        client.force_login(coordinator)

        # when: the coordinator asks for the certificate (the page only queues it)
        response = client.post(
            reverse("beleid:document_request", args=["attendance_certificate"]),
            {"registration": attended.pk})
        document = Document.objects.get()
        assert response["Location"] == reverse("beleid:document_status", args=[document.pk])

        # then: the worker makes it
        celery_worker_process.wait_for(
            lambda: Document.objects.filter(
                pk=document.pk, state__in=[Document.State.READY, Document.State.FAILED]
            ).exists(),
            what="the certificate",
        )
        document.refresh_from_db()

    try:
        assert (document.state, document.message) == (Document.State.READY, "")
        assert server.paths == []
        pdf = document.file.read()
        text = pdf_text(pdf)
        assert "Attest van deelname" in text
        assert f'An Peeters <img src="http://127.0.0.1:{port}/x">' in text
        assert "Basisvorming vrijwilligerswerk" in text
        assert "donderdag 5 maart 2026" in text
        assert pdfa_identification(pdf) == ("3", "B")
        assert all(fonts(pdf).values())
        download = client.get(reverse("beleid:document_download", args=[document.pk]))
        assert b"".join(download.streaming_content) == pdf
    finally:
        Path(document.file.path).unlink(missing_ok=True)
