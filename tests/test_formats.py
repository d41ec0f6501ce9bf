"""One date format and one date-time format everywhere (config/formats), in Dutch and English:
in templates, in Python, in viewflow's lists; forms accept the three ways people type a date."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, timezone, translation
from viewflow.views.list import BaseColumn

MOMENT = datetime.datetime(2026, 11, 27, 13, 5, tzinfo=datetime.UTC)  # 14:05 in Brussels
DAY = datetime.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [
        ("nl-be", "27 november 2026", "27 november 2026 om 14:05"),
        ("nl", "27 november 2026", "27 november 2026 om 14:05"),
        ("en", "27 November 2026", "27 November 2026 at 14:05"),
    ],
)
def test_one_date_and_one_date_time_format_in_each_language(language, date, moment):
    with translation.override(language):
        rendered = Template(
            "{{ day }}|{{ day|date }}|{{ day|date:'DATE_FORMAT' }}"
            "|{{ day|date:'SHORT_DATE_FORMAT' }}|{{ moment }}|{{ moment|date:'DATETIME_FORMAT' }}"
            "|{{ moment|date:'SHORT_DATETIME_FORMAT' }}"
        ).render(Context({"day": DAY, "moment": MOMENT}))

        assert rendered.split("|") == [date] * 4 + [moment] * 3
        assert formats.date_format(DAY, "DATE_FORMAT") == date
        assert formats.date_format(timezone.localtime(MOMENT), "DATETIME_FORMAT") == moment


def test_viewflow_lists_show_the_same_formats():
    column = BaseColumn("created")

    with translation.override("nl-be"):
        assert column.format_value(None, DAY) == "27 november 2026"
        assert column.format_value(None, MOMENT) == "27 november 2026 om 14:05"
    with translation.override("en"):
        assert column.format_value(None, MOMENT) == "27 November 2026 at 14:05"


class DayForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("typed", ["27/11/2026", "27-11-2026", "2026-11-27"])
@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_a_date_field_accepts_the_three_ways_people_type_a_date(language, typed):
    with translation.override(language):
        form = DayForm(data={"day": typed})

        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == DAY


@pytest.mark.parametrize("typed", ["11/27/2026", "27.11.26", "27 november 2026"])
def test_an_ambiguous_or_unknown_date_is_refused_in_dutch(typed):
    with translation.override("nl-be"):
        form = DayForm(data={"day": typed})

        assert not form.is_valid()
        assert form.errors["day"] == ["Voer een geldige datum in."]


def test_a_date_field_shows_its_value_as_people_type_it():
    with translation.override("nl-be"):
        assert str(DayForm(initial={"day": DAY})["day"]).count('value="27/11/2026"') == 1
