from pathlib import Path

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: kept figures (beleid/figures_cache.py) and login
    counters of an earlier test, whose rows were rolled back, must not leak into it."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def department(db):
    return factories.DepartmentFactory(name="Bibliotheek", slug="bibliotheek")


@pytest.fixture
def other_department(db):
    return factories.DepartmentFactory(name="Musea", slug="musea")


@pytest.fixture
def coordinator(department):
    return factories.coordinator_of(department, username="coordinator")


@pytest.fixture
def other_coordinator(other_department):
    return factories.coordinator_of(other_department, username="other-coordinator")


@pytest.fixture
def consultant(db):
    return factories.consultant(username="consultant")


@pytest.fixture
def auditor(db):
    return factories.auditor(username="auditor")


@pytest.fixture
def administrator(db):
    return factories.administrator(username="beheerder")


@pytest.fixture
def framework(db):
    return factories.published_framework()


def pytest_sessionfinish(session, exitstatus):
    # The per-run broker file of the embedded default (see config/settings/test.py).
    from django.conf import settings

    url = getattr(settings, "CELERY_BROKER_URL", "")
    if url.startswith("sqla+sqlite:///") and "test-broker-" in url:
        Path(url.removeprefix("sqla+sqlite:///")).unlink(missing_ok=True)
