"""Hostile register files on a real worker (the probe's findings): each is refused within the
bounds with its message, its file is deleted and the trail says so, and the same worker then
checks a good file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from beleid.models import AuditEvent
from insurance.models import ImportUpload
from insurance.volunteer_import.uploads import import_upload_create
from tests import hostile_files

pytestmark = pytest.mark.integration


def upload(coordinator, department, name, data) -> ImportUpload:
    with translation.override("nl-be"):
        return import_upload_create(actor=coordinator, department=department,
                                    file=SimpleUploadedFile(name, data))


def finished(worker, upload_: ImportUpload, what: str) -> ImportUpload:
    worker.wait_for(
        lambda: ImportUpload.objects.get(pk=upload_.pk).state not in ImportUpload.RUNNING,
        what=what, timeout=120)
    return ImportUpload.objects.get(pk=upload_.pk)


def test_hostile_files_are_refused_and_the_worker_goes_on(
    celery_worker_process, department, coordinator
):
    bomb = upload(coordinator, department, "dimensie.xlsx", hostile_files.dimension_bomb())
    many = upload(coordinator, department, "miljoen.xlsx", hostile_files.million_rows())
    stored = [bomb.file.name, many.file.name]

    bomb = finished(celery_worker_process, bomb, "the dimension bomb")
    many = finished(celery_worker_process, many, "the million rows")

    assert (bomb.state, bomb.message) == ("failed", (
        "Regel 1048576 heeft een waarde in kolom 16384; een lijst heeft hoogstens 50 "
        "kolommen."))
    assert (many.state, many.message) == ("failed", (
        "Het bestand heeft meer dan 40000 regels met inhoud (de kopregel meegeteld); splits "
        "het in kleinere lijsten."))
    # nothing of them stays: the files are gone at once, the result holds no rows
    for upload_, name in zip((bomb, many), stored, strict=True):
        assert not upload_.file and not upload_.file.storage.exists(name)
        assert upload_.result_lines.count() == 0
    failed = AuditEvent.objects.filter(event_type="IMPORT_FAILED", department=department)
    assert sorted(failed.values_list("before__file", flat=True)) == [
        "dimensie.xlsx", "miljoen.xlsx"]

    # the same worker, still running, checks a good file
    good = upload(coordinator, department, "lijst.xlsx", hostile_files.good_list("Lies", "Eva"))
    good = finished(celery_worker_process, good, "the good file")
    assert (good.state, good.rows_total) == ("checked", 2)
    assert list(good.result_lines.values_list("line", "status")) == [(2, "new"), (3, "new")]
