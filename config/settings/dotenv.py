"""A developer's `.env` fills in what the environment leaves out (it never overrides it).

Imported first by `local.py` and `test.py`, before `base.py` reads the environment;
`production.py` never imports it: production takes its configuration and secrets from the
environment only.
"""

from pathlib import Path

import environ

DOTENV_FILE = Path(__file__).resolve().parent.parent.parent / ".env"

environ.Env.read_env(DOTENV_FILE, overwrite=False)
