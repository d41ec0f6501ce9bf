"""`manage.py load_framework FILE [--publish]`."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.utils import timezone, translation

from beleid.models import AuditEvent, FrameworkVersion

DATA = Path(__file__).parent / "data"
FRAMEWORK_DIR = Path(__file__).resolve().parents[2] / "beleid" / "framework"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("load_framework", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_loads_a_draft_and_says_how_to_publish_it(db):
    # given no framework yet
    # when a file is loaded
    out, err = run(FRAMEWORK_DIR / "2024.1.yaml")

    # then it says what it did
    assert out == (
        "Framework 2024.1 created as a draft: 5 quality lines, 10 steps, 29 requirements.\n"
        f"Publish it with: manage.py load_framework {FRAMEWORK_DIR / '2024.1.yaml'} --publish\n"
    )
    assert err == ""
    assert FrameworkVersion.objects.get().status == "draft"


def test_the_command_publishes_and_shows_the_diff_with_the_previous_version(db):
    # given 2024.1 published
    run(FRAMEWORK_DIR / "2024.1.yaml", "--publish")

    # when 2025.1 is loaded and published
    out, _ = run(FRAMEWORK_DIR / "2025.1.yaml", "--publish")

    # then the output names the requirements departments must re-confirm
    assert out == (
        "Framework 2025.1 created as a draft: 5 quality lines, 10 steps, 29 requirements.\n"
        f"Published 2025.1 on {timezone.localdate().isoformat()}.\n"
        "Compared with 2024.1 (now retired):\n"
        "  added: INT-03\n"
        "  changed: BGL-02 (guidance, guidance_en)\n"
        "  changed: VRM-04 (guidance, guidance_en, mandatory)\n"
        "  changed: WRV-01 (guidance, guidance_en)\n"
        "  removed: WRV-02\n"
    )
    assert list(FrameworkVersion.objects.values_list("code", "status")) == [
        ("2025.1", "published"), ("2024.1", "retired"),
    ]


def test_the_command_previews_the_diff_of_a_draft_with_the_published_version(db):
    # given 2024.1 published
    run(FRAMEWORK_DIR / "2024.1.yaml", "--publish")

    # when 2025.1 is loaded as a draft
    out, _ = run(FRAMEWORK_DIR / "2025.1.yaml")

    # then the output previews what publishing it would ask departments to re-confirm
    assert out.splitlines()[:3] == [
        "Framework 2025.1 created as a draft: 5 quality lines, 10 steps, 29 requirements.",
        "Compared with the published version 2024.1:",
        "  added: INT-03",
    ]


def test_the_command_run_twice_says_unchanged(db):
    # given a published framework
    run(FRAMEWORK_DIR / "2024.1.yaml", "--publish")
    events = AuditEvent.objects.count()

    # when the same command runs again
    out, _ = run(FRAMEWORK_DIR / "2024.1.yaml", "--publish")

    # then nothing happened
    assert out == "Framework 2024.1 is unchanged (published).\n"
    assert AuditEvent.objects.count() == events


def test_the_command_refuses_a_bad_file_with_every_error_and_a_non_zero_exit(db):
    # given a file with a missing title
    path = DATA / "missing_title.yaml"

    # when it is loaded
    with pytest.raises(CommandError) as refused:
        run(path)

    # then the error is printed, the command fails and nothing is written
    assert str(refused.value) == f"{path} refused (1 problem); nothing was written"
    assert FrameworkVersion.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_command_exit_code_and_stderr_from_the_command_line(db, capsys, monkeypatch):
    # given a file with an unknown step
    path = DATA / "unknown_step.yaml"
    # (run_from_argv closes the connections at the end: that would close the test database)
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)

    # when the command is run as from the shell
    with translation.override("en"), pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "load_framework", str(path)])

    # then it exits with 1 and prints the error naming the place
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert 'step visoin (line 46): step "visoin" is unknown' in err
    assert f"CommandError: {path} refused (1 problem); nothing was written" in err
    assert FrameworkVersion.objects.count() == 0


def test_the_command_publishes_a_draft_loaded_before(db):
    # given 2024.1 loaded as a draft
    run(FRAMEWORK_DIR / "2024.1.yaml")

    # when the same file is loaded with --publish
    out, _ = run(FRAMEWORK_DIR / "2024.1.yaml", "--publish")

    # then the unchanged draft is published
    assert out == (
        "Framework 2024.1 is unchanged (draft).\n"
        f"Published 2024.1 on {timezone.localdate().isoformat()}.\n"
    )
    assert FrameworkVersion.objects.get().status == "published"


def test_the_command_says_what_an_edited_draft_file_changed(db, tmp_path):
    # given a loaded draft
    run(DATA / "framework_small.yaml")
    # and its file with one requirement's title edited
    edited = tmp_path / "edited.yaml"
    edited.write_text(
        (DATA / "framework_small.yaml")
        .read_text(encoding="utf-8")
        .replace("Aangemeld vanaf dag een", "Aangemeld vanaf de eerste dag"),
        encoding="utf-8",
    )

    # when the edited file is loaded
    out, _ = run(edited)

    # then the output names the change
    assert out == (
        "Draft framework 2030.1 updated: 2 quality lines, 5 steps, 5 requirements.\n"
        "Changed by this file:\n"
        "  changed: VRZ-01 (title)\n"
        f"Publish it with: manage.py load_framework {edited} --publish\n"
    )
