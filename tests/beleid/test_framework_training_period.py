"""The training requirement carries its period (`Requirement.valid_months`), from the
framework file; a file without it (as before) gives its first training requirement the
top-level `training_valid_months`."""

from pathlib import Path

import pytest
from django.utils import translation

from beleid.models import Requirement
from beleid.selectors import training_period_months
from beleid.services.framework import framework_load
from beleid.services.framework_file import FrameworkFileError, parse_framework_text

DATA = Path(__file__).parent / "data"
FRAMEWORK_DIR = Path(__file__).resolve().parents[2] / "beleid" / "framework"


def test_the_framework_files_give_the_basic_training_its_period(db):
    version = framework_load(path=FRAMEWORK_DIR / "2025.1.yaml")
    periods = dict(
        Requirement.objects.filter(version=version, valid_months__isnull=False).values_list(
            "code", "valid_months"
        )
    )
    assert periods == {"VRM-01": 36}
    assert training_period_months(version=version) == 36


def test_a_file_without_a_period_gives_the_first_training_requirement_the_top_level_one():
    text = (DATA / "framework_small.yaml").read_text()  # training_valid_months: 24, no valid_months
    content = parse_framework_text(text)
    training = {
        code: f["valid_months"]
        for code, f in content.requirements.items()
        if f["step"] == "training"
    }
    first = min(training, key=lambda code: content.requirements[code]["order"])
    assert training[first] == 24
    assert [months for code, months in training.items() if code != first] == [None] * (
        len(training) - 1
    )


def test_the_period_of_a_requirement_in_the_file_wins():
    text = (DATA / "framework_small.yaml").read_text()
    content = parse_framework_text(text)
    training = [code for code, f in content.requirements.items() if f["step"] == "training"]
    marker = f"      - code: {training[0]}\n"
    assert marker in text
    changed = text.replace(marker, marker + "        valid_months: 12\n", 1)
    assert parse_framework_text(changed).requirements[training[0]]["valid_months"] == 12


def test_a_period_outside_the_training_step_is_refused():
    text = (DATA / "framework_small.yaml").read_text()
    content = parse_framework_text(text)
    other = next(code for code, f in content.requirements.items() if f["step"] != "training")
    marker = f"      - code: {other}\n"
    changed = text.replace(marker, marker + "        valid_months: 12\n", 1)
    with (
        translation.override("en"),
        pytest.raises(
            FrameworkFileError, match="valid_months is only for requirements of the training step"
        ),
    ):
        parse_framework_text(changed)
