"""Django's forms render in the Material style of viewflow's forms (templates/django/forms/):
every label bound to its input, help text and errors right under their own field, and
`form.as_p` the same as `{{ form }}`."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from tests.e2e.html_check import html_problems


class EveryKindForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals op de identiteitskaart.")
    explanation = forms.CharField(label="Toelichting", widget=forms.Textarea, required=False)
    status = forms.ChoiceField(
        label="Status", choices=[("met", "Voldaan"), ("not", "Niet voldaan")]
    )
    start = forms.DateField(label="Startdatum")
    file = forms.FileField(label="Bestand")
    confirmed = forms.BooleanField(label="Ik bevestig", required=False)
    decision = forms.ChoiceField(
        label="Beslissing", choices=[("ok", "Goedkeuren"), ("back", "Terugsturen")],
        widget=forms.RadioSelect,
    )
    departments = forms.MultipleChoiceField(
        label="Diensten", choices=[("1", "Bibliotheek"), ("2", "Musea")],
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Het geheel klopt niet.")


def field_block(html: str, field_id: str) -> str:
    """The markup of one field: from its wrapper to the next field's wrapper."""
    start = html.index(f'id="{field_id}"')
    start = html.rindex('class="ui-field ', 0, start)
    end = html.find('class="ui-field ', start + 1)
    return html[start:end if end != -1 else len(html)]


def test_every_field_has_a_label_bound_to_its_input():
    html = str(EveryKindForm())

    assert html_problems(html) == []
    for field_id, label in [
        ("id_name", "Naam"), ("id_explanation", "Toelichting"), ("id_status", "Status"),
        ("id_start", "Startdatum"), ("id_file", "Bestand"), ("id_confirmed", "Ik bevestig"),
        ("id_decision_0", "Goedkeuren"), ("id_departments_1", "Musea"),
    ]:
        bound = rf'<label[^>]* for="{field_id}"[^>]*>\s*(<input[^>]*>\s*)?{label}'
        assert re.search(bound, html), field_id
    assert '<legend class="ui-field__legend ui-field--required">Beslissing</legend>' in html
    assert '<legend class="ui-field__legend">Diensten</legend>' in html


def test_fields_look_like_viewflows_outlined_material_fields():
    html = str(EveryKindForm())

    for field_id in ["id_name", "id_explanation", "id_status", "id_start"]:
        assert 'class="ui-field__box"' in field_block(html, field_id)
    assert "ui-field--checkbox" in field_block(html, "id_confirmed")
    assert "ui-field--file" in field_block(html, "id_file")
    assert 'class="ui-field__label ui-field--required" for="id_name"' in html
    assert 'class="ui-field__label" for="id_explanation"' in html  # optional: no asterisk


def test_help_text_and_errors_sit_under_their_own_field():
    form = EveryKindForm(data={"name": "", "start": "31/02/2026"})

    with translation.override("nl-be"):
        html = str(form)

    name = field_block(html, "id_name")
    assert 'id="id_name_helptext"' in name and "Zoals op de identiteitskaart." in name
    assert 'id="id_name_error"' in name and "Dit veld is verplicht." in name
    assert 'aria-describedby="id_name_helptext id_name_error"' in name
    assert 'aria-invalid="true"' in name
    start = field_block(html, "id_start")
    assert "Voer een geldige datum in." in start and "Dit veld is verplicht." not in start
    assert "ui-field--invalid" in start
    assert "ui-field--invalid" not in field_block(html, "id_explanation")
    # the form's own error first, in viewflow's style
    assert html.index("Het geheel klopt niet.") < html.index('id="id_name"')
    assert '<div class="vf-form__error">Het geheel klopt niet.</div>' in html


def test_a_text_date_field_says_how_to_type_the_date():
    with translation.override("nl-be"):
        html = str(EveryKindForm())

    assert "Dag/maand/jaar, bijvoorbeeld 27/11/2026" in field_block(html, "id_start")


def test_as_p_looks_the_same_as_the_form_itself():
    form = EveryKindForm()

    assert form.as_p() == str(form) == form.as_div()


def test_one_field_renders_the_same_on_its_own():
    form = EveryKindForm()

    html = Template("{{ form.name.as_field_group }}").render(Context({"form": form}))

    assert 'class="ui-field ui-field--text"' in html
    assert 'class="ui-field__label ui-field--required" for="id_name"' in html


@pytest.mark.parametrize("prefix", ["first", "second"])
def test_two_forms_on_one_page_keep_their_ids_apart_with_a_prefix(prefix):
    html = str(EveryKindForm(prefix="first")) + str(EveryKindForm(prefix="second"))

    assert html_problems(html) == []
    assert f'for="id_{prefix}-name"' in html
