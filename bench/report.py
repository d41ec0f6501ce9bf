"""The table of `make bench`, in Markdown (printed, and written to bench/RESULTS.md)."""

import datetime
import os
import platform
import subprocess
from pathlib import Path

import django
from django.db import connection

TARGET_P95_MS = 150  # issue 8: every list page at or under 150 ms at the 95th percentile


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    return (
        f"{cpu_model()}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; PostgreSQL {postgres}; Django {django.get_version()}"
    )


def seconds(value) -> str:
    return "" if value is None else f"{value:.2f}"


def number(value) -> str:
    return "" if value is None else f"{value:,}"


def markdown(results, *, city, options, created_seconds: float) -> str:
    seed_total = sum(f.seconds for f in results.seeds if f.in_seed_total)
    lines = [
        "# Benchmark: ten times Ghent",
        "",
        f"Measured on {datetime.date.today().isoformat()} by `make bench` "  # noqa: DTZ011
        f"(commit {commit()}).",
        "",
        f"- Machine: {machine()}.",
        f"- City: {city.departments:,} departments, {city.volunteers:,} volunteers, round "
        f"{city.year} started and prepared for every department, {city.onboardings} volunteers "
        "in onboarding; the vision step of every fourth department submitted, half of those "
        "approved and a tenth returned.",
        f"- Pages: server time through Django's test client, in-process, {options.requests} "
        f"requests after {options.warmup} untimed ones, as the coordinator of "
        f"`{city.sample_slug}`, as a consultant and (the homes) as the auditor; queries of "
        "one request. Load average of "
        f"the machine (1 min) before and after the pages: {results.load[0]:.2f} and "
        f"{results.load[1]:.2f} (other work on the machine inflates the times).",
        f"- Machine speed, to compare runs (the same work in every run, best of three): five "
        f"million additions in Python {results.speed[0]:.0f} ms; PostgreSQL counts three "
        f"million generated rows in {results.speed[1]:.0f} ms.",
        "- \"After a change\": the slowest of three requests, each with an empty cache, as the "
        "first request after a change anywhere in the city (the office's register figures are "
        "kept until the next audit event: beleid/figures_cache.py).",
        "",
        f"## The city, seeded in {seed_total:.1f} s",
        "",
        f"(A scratch database, created and migrated first: {created_seconds:.1f} s.)",
        "",
        "| step | seconds | queries | note |",
        "|---|---:|---:|---|",
    ]
    for figure in results.seeds:
        note = "; ".join(
            filter(None, [figure.note, "" if figure.in_seed_total else "not in the seed time"])
        )
        lines.append(f"| {figure.label} | {seconds(figure.seconds)} | {number(figure.queries)} "
                     f"| {note} |")
    lines += [
        "",
        f"## List pages (target: at or under {TARGET_P95_MS} ms at the 95th percentile)",
        "",
        "| page | as | median ms | p95 ms | after a change ms | queries | KB | within target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for page in results.pages:
        if page.status == 200:
            verdict = "yes" if page.p95_ms <= TARGET_P95_MS else "**no**"
            lines.append(
                f"| {page.label} | {page.role} | {page.median_ms:.0f} | {page.p95_ms:.0f} | "
                f"{page.cold_ms:.0f} | {page.queries} | {page.kilobytes:.0f} | {verdict} |"
            )
        else:
            lines.append(f"| {page.label} | {page.role} | | | | | | {page.note} |")
    if results.workloads:
        lines += [
            "",
            "## Workloads (each rolled back afterwards)",
            "",
            "| what | seconds | queries | note |",
            "|---|---:|---:|---|",
        ]
        for figure in results.workloads:
            lines.append(f"| {figure.label} | {seconds(figure.seconds)} | "
                         f"{number(figure.queries)} | {figure.note} |")
    return "\n".join(lines) + "\n"
