"""Refresh one app's catalogue (<app>/locale/nl/LC_MESSAGES/django.po) from its sources.

    .venv/bin/python scripts/app_messages.py beleid insurance   # then fill the empty msgstr

`makemessages` must run inside the app's folder; Django is set up first from the project's
root, so that an app's own modules (e.g. `beleid/demo.py`) do not hide the `demo` app.
Translations already in the catalogue are kept; strings no longer in the sources go.
"""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def main(apps: list[str]) -> None:
    hidden = ("", str(BASE_DIR / "scripts"))
    sys.path[:] = [str(BASE_DIR)] + [path for path in sys.path if path not in hidden]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.core.management import call_command

    django.setup()
    for app in apps:
        os.chdir(BASE_DIR / app)
        call_command("makemessages", locale=["nl"], no_obsolete=True, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
