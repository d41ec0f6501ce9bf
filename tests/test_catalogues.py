"""Every string of the site has its Dutch translation: no .po catalogue of the project (the
apps' and the project-level one in locale/) may hold an empty or fuzzy msgstr, and the
project catalogue, refreshed from its sources (our templates, config/, viewflow), has none
either. Dutch says "je", never "u".

After changing strings: `cd <app> && python ../manage.py makemessages -l nl` (an app) or
`python locale/update_catalogue.py` (the project catalogue), then fill every msgstr."""

import ast
import importlib.util
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SKIPPED = {".venv", "node_modules", "staticfiles", "var", ".git"}
CATALOGUES = sorted(
    po
    for po in BASE_DIR.glob("**/locale/*/LC_MESSAGES/*.po")
    if not SKIPPED & set(po.relative_to(BASE_DIR).parts)
)
PROJECT_CATALOGUE = BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [value for key, value in self.fields.items() if key.startswith("msgstr")]


def read_catalogue(path: Path) -> list[Entry]:
    """The entries of a .po file, without its header and its obsolete (#~) entries."""
    entries, entry, key = [], None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            entry, key = None, None if not line else key
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry.fields[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry.fields[key] = ast.literal_eval(value)
    return [e for e in entries if e.fields and e.msgid != ""]


def untranslated(path: Path) -> list[str]:
    return [
        f"{path.relative_to(BASE_DIR) if path.is_relative_to(BASE_DIR) else path.name}:"
        f"{e.line}: {'fuzzy' if 'fuzzy' in e.flags else 'empty'} msgstr for {e.msgid!r}"
        for e in read_catalogue(path)
        if "fuzzy" in e.flags or not all(e.translations)
    ]


def test_the_project_has_its_catalogues():
    names = {str(po.relative_to(BASE_DIR)) for po in CATALOGUES}

    assert "locale/nl/LC_MESSAGES/django.po" in names
    assert "locale/nl/LC_MESSAGES/djangojs.po" in names
    assert len(read_catalogue(PROJECT_CATALOGUE)) > 200


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_no_catalogue_has_an_empty_or_fuzzy_translation(catalogue):
    assert untranslated(catalogue) == []


def test_the_reader_finds_empty_fuzzy_and_plural_gaps(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Language: nl\\n"\n\n'
        'msgid "Done"\nmsgstr "Klaar"\n\n'
        'msgid "Open"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Task"\nmsgstr "Taak"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "een"\nmsgstr[1] ""\n\n'
        'msgid ""\n"Long "\n"text"\nmsgstr ""\n"Lange "\n"tekst"\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )

    assert untranslated(po) == [
        "django.po:7: empty msgstr for 'Open'",
        "django.po:10: fuzzy msgstr for 'Task'",
        "django.po:14: empty msgstr for 'one'",
    ]


def test_the_project_catalogue_is_complete_for_its_sources(tmp_path, settings):
    """Refresh a copy of the project catalogue from the sources: a string added to one of our
    templates (or met in viewflow after an upgrade) and not yet translated shows as empty."""
    copy = tmp_path / "locale"
    shutil.copytree(BASE_DIR / "locale", copy, ignore=shutil.ignore_patterns("*.mo", "*.py"))
    settings.LOCALE_PATHS = [copy]
    spec = importlib.util.spec_from_file_location(
        "update_catalogue", BASE_DIR / "locale" / "update_catalogue.py"
    )
    update_catalogue = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update_catalogue)

    update_catalogue.update(verbosity=0)

    assert untranslated(copy / "nl" / "LC_MESSAGES" / "django.po") == []


# "u", "uw", "U" as a word, except "u" after a number (Flemish for hours: "om 14 u").
FORMAL_ADDRESS = re.compile(r"\b(?:[Uu]w|U)\b|(?<![\d\s])\s+u\b(?!\s*\.)|^u\b")


def test_the_project_catalogue_says_je_never_u():
    formal = [
        f"line {e.line}: {text!r}"
        for e in read_catalogue(PROJECT_CATALOGUE)
        for text in e.translations
        if FORMAL_ADDRESS.search(text)
    ]

    assert formal == []
