"""Browser-test harness: headless Debian Chromium driven by Playwright against live_server.

- The browser is Debian's ``chromium`` package at /usr/bin/chromium (the Makefile installs it);
  Playwright never downloads a browser here. A missing binary fails the tests loudly.
- Every test module here sets ``pytestmark = pytest.mark.e2e`` (``-m "not e2e"`` skips them).
- Messages must be compiled (.mo files are git-ignored): ``make test`` compiles them before
  pytest runs (scripts/bootstrap.sh). When a developer runs pytest directly on a fresh clone,
  the ``compiled_messages`` fixture below compiles them once, so a Dutch assertion never
  fails only because of a missing .mo file.
- Playwright's sync API keeps an asyncio loop running in the main thread while it is started,
  and Django then refuses ORM calls from that thread (SynchronousOnlyOperation). The browser
  fixture therefore allows them only while Playwright runs, and it is package-scoped so that
  the loop (and the permission) end with the last e2e test instead of leaking into the rest
  of the suite.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from asgiref.local import Local
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import trans_real
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]
# The people of Ghent browse in Dutch; the site's default (nl-be) and the browser agree.
BROWSER_LOCALE = "nl-BE"
TIMEOUT_MS = 10_000
LOGIN_PATH = "/accounts/login/"


@pytest.fixture(scope="package")
def compiled_messages() -> None:
    """Compile the project's .po files when their .mo files are missing or stale."""
    base = Path(settings.BASE_DIR)
    catalogues = [
        *base.glob("locale/*/LC_MESSAGES/*.po"),
        *base.glob("*/locale/*/LC_MESSAGES/*.po"),
    ]
    stale = [
        po
        for po in catalogues
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)
        # Catalogues loaded before the .mo files existed are cached per process: forget them
        # (what Django's own setting_changed receiver does when LOCALE_PATHS changes).
        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = Local()


@pytest.fixture(scope="package")
def browser(compiled_messages) -> Iterator[Browser]:
    """One headless Chromium for the whole e2e package."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the e2e tests need Debian's chromium package "
            "(`apt-get install -y chromium`, done by `make test`).",
            pytrace=False,
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) and page per test, in Belgian Dutch."""
    context = browser.new_context(locale=BROWSER_LOCALE, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def login(page: Page, live_server, username: str, password: str) -> None:
    """Log in through viewflow's login form (/accounts/login/).

    Returns once the server has answered the form: after a successful login when the
    browser has left the login page (viewflow follows the redirect with Turbo), after a
    refused one when the form with its errors is shown again.
    """
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_response(
        lambda response: response.url.endswith(LOGIN_PATH) and response.request.method == "POST"
    ) as answer:
        page.locator("form.vf-form button[type=submit]").click()
    if answer.value.status == 302:
        page.wait_for_url(lambda url: LOGIN_PATH not in url)
    else:
        page.wait_for_load_state()
