"""The HTML check of the browser journeys finds what a browser would silently repair."""

from tests.e2e.html_check import html_problems


def test_a_sound_page_has_no_problems():
    html = """<form id="a"><label for="name">Naam</label><input id="name" name="n">
    <select id="s"></select><label for="s">Keuze</label></form>
    <form id="b"><button id="go">Ga</button></form>"""

    assert html_problems(html) == []


def test_a_form_inside_a_form_is_found_with_its_lines():
    html = '<form id="checklist">\n<ul><li>\n<form action="/remove"></form>\n</li></ul></form>'

    assert html_problems(html) == ["line 3: a form inside the form of line 1"]


def test_duplicate_ids_are_found():
    html = '<div>\n<input id="id_file">\n<input id="id_file"></div>'

    assert html_problems(html) == ["line 3: duplicate id 'id_file' (first on line 2)"]


def test_a_label_for_a_missing_or_hidden_input_is_found():
    html = '<label for="nowhere">x</label><label for="h">y</label><input type="hidden" id="h">'

    assert html_problems(html) == [
        "line 1: <label for='nowhere'> points at no input with that id",
        "line 1: <label for='h'> points at no input with that id",
    ]


def test_markup_inside_a_template_element_is_not_part_of_the_page():
    html = '<form><template><form></form></template></form><template><i id="x"></i></template>' \
        '<i id="x"></i>'

    assert html_problems(html) == []
