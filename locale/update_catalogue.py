"""Refresh the project-level catalogue (locale/<language>/LC_MESSAGES/django.po).

It holds the strings of the project's own templates and `config/` (error pages, the
password-reset pages, Django's form templates, ...) and those of viewflow, which ships no
Dutch catalogue. `makemessages` runs over a temporary folder that links `templates/`,
`config/` and the installed viewflow package, so that the apps' own catalogues
(`<app>/locale/`) are left alone; translations already in the catalogue are kept.

    .venv/bin/python locale/update_catalogue.py            # then fill the empty msgstr
    .venv/bin/python manage.py compilemessages --ignore=.venv

The JavaScript catalogue (djangojs.po) holds viewflow's few JavaScript strings, taken from
its sources (static/viewflow/js/viewflow.min.js.map); it is kept by hand.
"""

import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES = ["nl"]


def setup_django() -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def update(verbosity: int = 1) -> None:
    """Run makemessages for the project catalogue: settings.LOCALE_PATHS[0]."""
    import viewflow
    from django.core.management import call_command
    from django.core.management.commands.makemessages import Command as MakeMessages

    sources = {
        "templates": BASE_DIR / "templates",
        "config": BASE_DIR / "config",
        "viewflow": Path(viewflow.__file__).parent,
    }
    with tempfile.TemporaryDirectory() as folder:
        for name, target in sources.items():
            (Path(folder) / name).symlink_to(target, target_is_directory=True)
        previous = Path.cwd()
        os.chdir(folder)
        try:
            # Every file outside an app's locale/ goes to settings.LOCALE_PATHS[0].
            makemessages = MakeMessages()
            # A new string starts empty, never with a guessed ("fuzzy") neighbour's text.
            makemessages.msgmerge_options = [*MakeMessages.msgmerge_options, "--no-fuzzy-matching"]
            call_command(
                makemessages,
                locale=LANGUAGES,
                domain="django",
                symlinks=True,
                # viewflow's own catalogues and its bundled JavaScript.
                ignore_patterns=["locale", "static"],
                add_location="file",
                verbosity=verbosity,
            )
        finally:
            os.chdir(previous)


if __name__ == "__main__":
    setup_django()
    update()
