"""Run the registry: the seed steps, the pages as each role, the workloads (rolled back)."""

import gc
import os
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from .registry import Figure, PageFigure, Registry, measure_page


@dataclass
class Results:
    seeds: list[Figure] = field(default_factory=list)
    pages: list[PageFigure] = field(default_factory=list)
    workloads: list[Figure] = field(default_factory=list)
    load: tuple[float, float] = (0.0, 0.0)  # the machine's load average around the pages
    speed: tuple[float, float] = (0.0, 0.0)  # the machine's speed: Python ms, PostgreSQL ms


def machine_speed() -> tuple[float, float]:
    """The same work in every run, best of three, to compare one run's machine with another's:
    five million additions in Python, and PostgreSQL counting three million generated rows
    (milliseconds)."""
    from django.db import connection

    def best(work) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return min(times) * 1000

    def python():
        total = 0
        for number in range(5_000_000):
            total += number

    def postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM generate_series(1, 3000000)")
            cursor.fetchone()

    return best(python), best(postgres)


def run(registry: Registry, city, options) -> Results:
    results = Results()
    for name, step in registry.seeds:
        print(f"seed: {name} ...", flush=True)
        results.seeds += step(city, options)
    # The pages are served as by a fresh server process: the objects the seeding left in this
    # one would otherwise make every garbage collection during a request scan them all.
    gc.collect()
    gc.freeze()
    load_before = os.getloadavg()[0]
    results.speed = machine_speed()
    clients = {}
    for role, user in city.users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    for page in registry.pages:
        if options.pages and options.pages.lower() not in page.label.lower():
            continue
        for role in page.roles:
            figure = measure(page, role, clients[role], city, options)
            print(f"page: {figure.label} as {role}: {figure.p95_ms:.0f} ms p95 "
                  f"{figure.note}", flush=True)
            results.pages.append(figure)
    results.load = (load_before, os.getloadavg()[0])
    if not options.no_workloads:
        for name, workload in registry.workloads:
            print(f"workload: {name} ...", flush=True)
            with transaction.atomic():
                results.workloads += workload(city, options)
                transaction.set_rollback(True)  # the next one meets the city as seeded
    return results


def measure(page, role: str, client: Client, city, options) -> PageFigure:
    try:
        url = reverse(page.url_name, args=page.url_args(city))
    except NoReverseMatch:
        return PageFigure(page.label, role, "", 0, note=f"no URL named {page.url_name}")
    taken = measure_page(client, url, requests=options.requests, warmup=options.warmup)
    figure = PageFigure(page.label, role, url, taken["status"])
    if taken["status"] == 200:
        figure.median_ms, figure.p95_ms = taken["median_ms"], taken["p95_ms"]
        figure.queries, figure.kilobytes = taken["queries"], taken["kilobytes"]
        figure.cold_ms = taken["cold_ms"]
    elif taken["status"] in (301, 302):
        figure.note = f"redirects to {taken['location']}"
    else:
        figure.note = f"not shown to a {role} ({taken['status']})"
    return figure
