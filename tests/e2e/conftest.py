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
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from asgiref.local import Local
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import trans_real
from playwright.sync_api import Browser, Error, Page, Response, sync_playwright

from .html_check import html_problems

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
PASSWORD = "geheim-wachtwoord"  # tests/factories.py UserFactory
# Every journey's screenshots, one folder per test; CI keeps them when a run fails.
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "e2e-screenshots"


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


# Every document the browser opens reports what the Content-Security-Policy refused.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} on ` +
    `${event.documentURI} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
});
"""


class Journey:
    """A person's way through the site in the browser.

    Call `shot(name)` on every page the journey reaches: it saves a full-page screenshot.
    Meanwhile every HTML page the server sends (full loads and Turbo's fetches) is kept, and
    when the test ends the `journey` fixture fails it for
    - a page the journey reached without a screenshot,
    - any problem of `html_check.html_problems` in any page the server sent, and
    - anything the Content-Security-Policy refused on any page (the `securitypolicyviolation`
      events of every document, and the browser's console).
    """

    def __init__(self, page: Page, base_url: str, folder: Path):
        self.page = page
        self.base_url = base_url
        self.folder = folder
        self.documents: list[tuple[str, str]] = []  # (url, html)
        self.reached: list[str] = []  # paths, in order
        self.photographed: set[str] = set()
        # Addresses that only sent the browser on (a GET answered with a redirect).
        self.passed_through: set[str] = set()
        self.count = 0
        self.csp_violations: list[str] = []
        page.on("response", self._keep_html)
        page.on("framenavigated", self._note_navigation)
        page.on("console", self._note_console)
        page.expose_binding(
            "__reportCspViolation", lambda _source, text: self.csp_violations.append(text)
        )
        page.add_init_script(REPORT_CSP_VIOLATIONS)

    def _note_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"console: {message.text}")

    def _own(self, url: str) -> bool:
        return url.startswith(self.base_url)

    def _keep_html(self, response: Response) -> None:
        if not self._own(response.url):
            return
        if 300 <= response.status < 400 and response.request.method == "GET":
            self.passed_through.add(urlsplit(response.url).path)
        if not 200 <= response.status < 300:
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        try:
            self.documents.append((response.url, response.text()))
        except Error:  # the page moved on before the body could be read
            pass

    def _note_navigation(self, frame) -> None:
        if frame == self.page.main_frame and self._own(frame.url):
            self.reached.append(urlsplit(frame.url).path)

    def shot(self, name: str) -> Path:
        """A full-page screenshot of where the journey is now (once the page has settled:
        viewflow's pages navigate with Turbo, which fires no load event but marks the page
        busy while it fetches the next one)."""
        self.wait_until_settled()
        self.page.wait_for_load_state("networkidle")
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = self.folder / f"{self.count:02d}-{slug}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.photographed.add(urlsplit(self.page.url).path)
        return path

    def wait_until_settled(self, timeout_ms: int = TIMEOUT_MS) -> None:
        """Until Turbo has rendered the page it fetches (`aria-busy` gone). Asked from here,
        not with `wait_for_function`: Playwright evaluates a waiting predicate with `eval`
        inside the page, which the Content-Security-Policy refuses (no 'unsafe-eval')."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self.page.evaluate("document.documentElement.hasAttribute('aria-busy')"):
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.page.url} still busy after {timeout_ms} ms")
            self.page.wait_for_timeout(50)

    def login(self, username: str, password: str = PASSWORD) -> None:
        """Sign in as `username` (after signing out whoever was signed in): the only page a
        journey types the address of."""
        self.page.context.clear_cookies()
        self.page.goto(f"{self.base_url}{LOGIN_PATH}")
        self.shot(f"login {username}")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        with self.page.expect_response(
            lambda r: r.url.endswith(LOGIN_PATH) and r.request.method == "POST"
        ) as answer:
            self.page.locator("form.vf-form button[type=submit]").click()
        assert answer.value.status == 302, f"{username} could not sign in"
        self.page.wait_for_url(lambda url: LOGIN_PATH not in url)

    def problems(self) -> list[str]:
        found = []
        for url, html in self.documents:
            found += [f"{url}: {problem}" for problem in html_problems(html)]
        missing = sorted(set(self.reached) - self.photographed - self.passed_through)
        found += [f"{path}: reached without a screenshot" for path in missing]
        found += [f"Content-Security-Policy: {text}" for text in self.csp_violations]
        return found


@pytest.fixture
def journey(page: Page, live_server, request) -> Iterator[Journey]:
    """A browser journey with its screenshots and the HTML check (see `Journey`)."""
    folder = SCREENSHOTS / request.node.module.__name__.rsplit(".", 1)[-1] / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    walk = Journey(page, live_server.url, folder)
    yield walk
    problems = walk.problems()
    if problems:
        pytest.fail(
            "The journey's pages have problems:\n" + "\n".join(problems), pytrace=False
        )
