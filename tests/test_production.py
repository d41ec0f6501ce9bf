"""Production settings end to end, as the README deploys them: secrets from the environment
only (no `.env`), `check --deploy`, `collectstatic` with the manifest storage, gunicorn serving
the login page and a static file, the Celery worker and beat starting and logging through
LOGGING. The web app, the worker and beat run under production settings without being told.
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What an operator exports (README, "Production"); nothing here reaches a server: a request
# that needs the database or the mail server fails.
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "vrijwilligers.stad.gent",
    "DATABASE_URL": "postgres://gent@db.example.invalid:5432/vrijwilligers",
    "CELERY_BROKER_URL": "redis://redis.example.invalid:6379/0",
    "EMAIL_URL": "smtp://mail.example.invalid:25",
}
SETTINGS = {"DJANGO_SETTINGS_MODULE": "config.settings.production"}
LOG_LINE = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO "


def environment(**extra) -> dict[str, str]:
    """This process's environment without its Django, database and Celery settings."""
    clean = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
    }
    return {**clean, **PRODUCTION_ENV, **extra}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def python(code: str, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=environment(**SETTINGS)
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


@pytest.mark.parametrize("name", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_a_required_variable(name):
    env = environment(**SETTINGS)
    del env[name]

    result = manage("check", env=env)

    assert result.returncode == 1
    assert f"django.core.exceptions.ImproperlyConfigured: Set the {name} environment variable" \
        in result.stderr


def test_production_never_reads_dotenv_and_local_does():
    code = (
        "import sys, django; django.setup(); "
        "print(sorted(m for m in sys.modules if m.startswith('config.settings')))"
    )

    production = python(code, environment(**SETTINGS))
    local = python(code, environment(DJANGO_SETTINGS_MODULE="config.settings.local"))

    assert production.stdout == (
        "['config.settings', 'config.settings.base', 'config.settings.production']\n"
    ), production.stderr
    assert local.stdout == (
        "['config.settings', 'config.settings.base', 'config.settings.dotenv', "
        "'config.settings.local']\n"
    ), local.stderr


def test_production_counts_in_the_brokers_redis_and_marks_cookies_secure():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default'], s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_SAMESITE, "
        "s.SESSION_COOKIE_SECURE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_AGE)"
    )

    result = python(code, environment(**SETTINGS))

    assert result.stdout == (
        "{'BACKEND': 'django.core.cache.backends.redis.RedisCache', "
        "'LOCATION': 'redis://redis.example.invalid:6379/0'} True Lax True True 36000\n"
    ), result.stderr


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi", "config.celery"])
def test_web_app_worker_and_beat_default_to_the_same_production_settings(entry_point):
    code = (
        f"import {entry_point}, os; from django.conf import settings; "
        "print(os.environ['DJANGO_SETTINGS_MODULE'], settings.DEBUG)"
    )

    result = python(code, environment())

    assert result.stdout == "config.settings.production False\n", result.stderr


# --- the processes, as the README starts them -------------------------------------------


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """`collectstatic --noinput` under production settings (manifest storage, compressed)."""
    root = tmp_path_factory.mktemp("static")
    result = manage(
        "collectstatic", "--noinput", env=environment(DJANGO_STATIC_ROOT=str(root), **SETTINGS)
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        rf"\n\d+ static files copied to '{re.escape(str(root))}', \d+ post-processed\.\n",
        result.stdout,
    ), result.stdout
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], *, env, log: Path) -> subprocess.Popen:
    with log.open("w") as output:
        return subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def wait_for(condition, *, what: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out waiting for {what}. Log:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds


def get(port: int, path: str, headers=None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "GET", path, headers={"Host": "vrijwilligers.stad.gent", **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def answers(port: int) -> bool:
    try:
        get(port, "/accounts/login/")
    except OSError:
        return False
    return True


@pytest.mark.integration
def test_gunicorn_serves_the_login_page_and_its_static_files(static_root, tmp_path):
    # given: gunicorn as the README starts it, without DJANGO_SETTINGS_MODULE
    port, log = free_port(), tmp_path / "gunicorn.log"
    server = start(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "1",
         "--bind", f"127.0.0.1:{port}"],
        env=environment(DJANGO_STATIC_ROOT=str(static_root)),
        log=log,
    )
    try:
        wait_for(lambda: answers(port), what="gunicorn", log=log)

        # when: the proxy passes on an HTTPS request for the login page
        status, _headers, body = get(port, "/accounts/login/", HTTPS)
        # then: the page, with links to the hashed static files of the manifest
        assert status == 200, log.read_text()
        page = body.decode()
        assert "<title>Aanmelden · Vrijwilligersbeleid Gent" in page
        assert '<form class="vf-form" method="POST">' in page
        stylesheet = re.search(r'/static/viewflow/css/viewflow\.min\.[0-9a-f]{12}\.css', page)
        assert stylesheet is not None

        # when: the browser fetches the stylesheet
        status, headers, body = get(port, stylesheet.group(), HTTPS)
        # then: WhiteNoise serves it, cached for good
        assert status == 200
        assert headers["Content-Type"] == 'text/css; charset="utf-8"'
        assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert body == next(static_root.glob("viewflow/css/viewflow.min.*.css")).read_bytes()

        # and plain HTTP is sent to HTTPS (production's SECURE_SSL_REDIRECT)
        status, headers, _body = get(port, "/accounts/login/")
        assert status == 301
        assert headers["Location"] == "https://vrijwilligers.stad.gent/accounts/login/"
    finally:
        stop(server)


@pytest.fixture(scope="module")
def production_database(tmp_path_factory):
    """A database migrated under production settings, with one administrator: a file that
    gunicorn's worker opens (SQLite, so that the test needs no server; the settings, the
    migrations and everything above the database are production's)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'production.sqlite3'}"
    env = environment(DATABASE_URL=url, **SETTINGS)
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    created = manage(
        "createsuperuser", "--noinput", "--username", "beheerder",
        "--email", "beheerder@stad.gent",
        env={**env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
    )
    assert created.returncode == 0, created.stderr
    return url


ADMIN_PASSWORD = secrets.token_urlsafe(16)
# What the proxy adds to every request: HTTPS, and the address it saw.
PROXIED = {**HTTPS, "X-Forwarded-For": "203.0.113.7"}


def request(port: int, method: str, path: str, *, headers=None, body: str = ""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body.encode() or None, headers={
            "Host": "vrijwilligers.stad.gent", **PROXIED, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_of(headers) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key] = rest.split(";", 1)[0]
    return found


@pytest.mark.integration
def test_gunicorn_signs_in_through_the_login_form_and_serves_a_page(
    production_database, static_root, tmp_path
):
    # given: gunicorn as the README starts it, on a migrated database with an administrator
    port, log = free_port(), tmp_path / "gunicorn.log"
    server = start(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "1",
         "--bind", f"127.0.0.1:{port}"],
        env=environment(
            DJANGO_STATIC_ROOT=str(static_root), DATABASE_URL=production_database,
            # The cache (password-reset counts, viewflow's avatars) is Redis in production;
            # this test has no Redis server: the process's own memory.
            CACHE_URL="locmemcache://",
        ),
        log=log,
    )
    try:
        wait_for(lambda: answers(port), what="gunicorn", log=log)

        # when: the login page is fetched, and its form sent with the CSRF token and cookie
        status, headers, body = request(port, "GET", "/accounts/login/")
        assert status == 200, log.read_text()
        csrf_cookie = cookies_of(headers)["csrftoken"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode()).group(1)
        status, headers, body = request(
            port, "POST", "/accounts/login/",
            headers={
                "Cookie": f"csrftoken={csrf_cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": "https://vrijwilligers.stad.gent",
                "Referer": "https://vrijwilligers.stad.gent/accounts/login/",
            },
            body=urlencode({"csrfmiddlewaretoken": token, "username": "beheerder",
                            "password": ADMIN_PASSWORD}),
        )

        # then: signed in (a secure session cookie that ends with the browser)
        assert status == 302, body.decode()[:2000] + log.read_text()[-2000:]
        assert dict(headers)["Location"] == "/overview/"  # the home of every role
        session = cookies_of(headers)["sessionid"]
        set_cookie = next(v for k, v in headers if v.startswith("sessionid="))
        assert "Secure" in set_cookie and "HttpOnly" in set_cookie
        assert "expires" not in set_cookie.lower() and "max-age" not in set_cookie.lower()

        # when: the page the login leads to (the administrator's home), with the session
        status, headers, body = request(
            port, "GET", "/overview/", headers={"Cookie": f"sessionid={session}"})

        # then: the page, for the signed-in administrator, not to be kept
        assert status == 200, log.read_text()[-4000:]
        page = body.decode()
        assert "<title>" in page and "Vrijwilligersbeleid Gent" in page
        assert "beheerder@stad.gent" in page
        answer = dict(headers)
        assert "no-store" in answer["Cache-Control"]
        assert "script-src 'self'" in answer["Content-Security-Policy"]
        assert answer["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload")
    finally:
        stop(server)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("command", "ready"),
    [
        (["worker", "--pool=solo", "--without-heartbeat", "--without-gossip",
          "--without-mingle"], r"celery\.apps\.worker celery@\S+ ready\.$"),
        (["beat"], r"celery\.beat beat: Starting\.\.\.$"),
    ],
    ids=["worker", "beat"],
)
def test_worker_and_beat_start_under_production_settings_and_log_through_logging(
    command, ready, tmp_path
):
    # given: a broker of their own (beat sends the periodic tasks as soon as it starts)
    log = tmp_path / "celery.log"
    env = environment(
        CELERY_BROKER_URL=f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}",
        CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "celerybeat-schedule"),
    )

    # when: started as the README says, without DJANGO_SETTINGS_MODULE
    process = start([sys.executable, "-m", "celery", "-A", "config", *command], env=env, log=log)
    try:
        # then: it starts and logs in LOGGING's format (time, level, logger, message)
        wait_for(
            lambda: re.search(LOG_LINE + ready, log.read_text(), re.MULTILINE),
            what=f"celery {command[0]}", log=log,
        )
        # and with DEBUG off (Celery warns when a worker runs with settings.DEBUG)
        assert "settings.DEBUG" not in log.read_text()
    finally:
        stop(process)
