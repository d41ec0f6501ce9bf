"""The one registry of what `make bench` measures, and how a figure is taken.

Three kinds of measurement, run in this order:
- **seed steps** build the city (`@REGISTRY.seed`); each returns its figures;
- **pages** are then requested through Django's test client, in-process, as each role
  (`REGISTRY.page(...)`): median and 95th percentile of the server time, queries, size;
- **workloads** run last (`@REGISTRY.workload`), each in a transaction that is rolled back
  afterwards, so that every workload meets the city as the seed steps left it.

A later issue adds its figures by registering one more seed step, page or workload in its
own module under `bench/` and naming that module in `bench/__main__.py` (MODULES).
"""

import math
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection

COORDINATOR, CONSULTANT, AUDITOR = "coordinator", "consultant", "auditor"
BOTH = (COORDINATOR, CONSULTANT)
EVERY_ROLE = (COORDINATOR, CONSULTANT, AUDITOR)


@dataclass
class Figure:
    """One line of a table: what was measured and what it cost."""

    label: str
    seconds: float | None = None
    queries: int | None = None
    note: str = ""
    in_seed_total: bool = False  # part of "the city seeded in N s"
    result: object = field(default=None, repr=False)  # what the measured call returned


@dataclass
class PageFigure:
    label: str
    role: str
    url: str
    status: int
    median_ms: float = 0.0
    p95_ms: float = 0.0
    queries: int = 0
    kilobytes: float = 0.0
    cold_ms: float = 0.0  # the slowest of a few requests, each with an empty cache
    note: str = ""


@dataclass
class Page:
    label: str
    url_name: str
    url_args: Callable = field(default=lambda city: [])  # city -> reverse() args
    roles: tuple[str, ...] = BOTH


@dataclass
class Registry:
    seeds: list[tuple[str, Callable]] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    workloads: list[tuple[str, Callable]] = field(default_factory=list)

    def seed(self, name: str):
        """A step that builds the city: `fn(city, options) -> list[Figure]`."""

        def register(fn):
            self.seeds.append((name, fn))
            return fn

        return register

    def page(self, label: str, url_name: str, *, url_args=None, roles=BOTH) -> None:
        """A list page, requested as each of `roles` (a role that may not see it is noted)."""
        self.pages.append(Page(label, url_name, url_args or (lambda city: []), tuple(roles)))

    def workload(self, name: str):
        """Work measured on the seeded city: `fn(city, options) -> list[Figure]`; its
        changes are rolled back afterwards."""

        def register(fn):
            self.workloads.append((name, fn))
            return fn

        return register


REGISTRY = Registry()


class QueryCounter:
    """Counts every query on the default connection (an execute wrapper: no query log)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def counting():
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def timed(label: str, fn: Callable, *, in_seed_total: bool = False, note: str = "") -> Figure:
    """Run `fn()` once: its seconds and queries."""
    with counting() as counter:
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
    return Figure(label, seconds, counter.count, note, in_seed_total, result)


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest sample that `share` of the samples do not
    exceed (the 19th of 20 for the 95th)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


COLD_REQUESTS = 3


def measure_page(client, url: str, *, requests: int, warmup: int) -> dict:
    """Warm up, then time `requests` GETs of `url`: the server time as the test client sees
    it (in-process: no network, no browser)."""
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            return {"status": response.status_code, "location": response.get("Location", "")}
    samples, queries = [], []
    for _ in range(requests):
        with counting() as counter:
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
        queries.append(counter.count)
    # As after a change anywhere in the city: the figures kept until the next audit event
    # (beleid/figures_cache.py) are counted again.
    cold = []
    for _ in range(COLD_REQUESTS):
        cache.clear()
        started = time.perf_counter()
        client.get(url)
        cold.append(time.perf_counter() - started)
    return {
        "status": response.status_code,
        "median_ms": statistics.median(samples) * 1000,
        "p95_ms": percentile(samples, 0.95) * 1000,
        "queries": max(queries),
        "kilobytes": len(response.content) / 1024,
        "cold_ms": max(cold) * 1000,
    }
