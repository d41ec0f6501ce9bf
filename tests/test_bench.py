"""`make bench` keeps working: a small city, every page measured (none missing or failing),
the table written. On PostgreSQL only (the benchmark refuses anything else)."""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench.__main__ import MODULES
from bench.registry import REGISTRY

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.postgres
@pytest.mark.django_db
def test_make_bench_measures_every_page_of_a_small_city(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark runs on PostgreSQL")
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    url = f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}_bench"
    out = tmp_path / "RESULTS.md"

    result = subprocess.run(
        [sys.executable, "-m", "bench", "--database-url", url, "--departments", "3",
         "--volunteers", "30", "--onboardings", "13", "--sample-rows", "20",
         "--import-rows", "40", "--requests", "2", "--warmup", "1", "--out", str(out)],
        cwd=ROOT, env={k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        capture_output=True, text=True, timeout=600,
    )

    assert result.returncode == 0, result.stderr[-4000:]
    table = out.read_text(encoding="utf-8")
    assert table.startswith("# Benchmark: ten times Ghent\n")
    assert "## The city, seeded in " in table
    # one line per page and role: measured (200), or a redirect or refusal named as such
    for module in MODULES:
        importlib.import_module(module)  # what the command measures
    rows = re.findall(r"^\| ([^|]+) \| (coordinator|consultant|auditor) \|(.*)\|$", table,
                      re.MULTILINE)
    assert [(label, role) for label, role, _rest in rows] == [
        (page.label, role) for page in REGISTRY.pages for role in page.roles
    ]
    assert [rest for *_, rest in rows if "no URL named" in rest] == []
    assert "| import_volunteers, 40 rows (read + check + bulk + audit) |" in table
    # the city report beside its floor (bench/reports_city.py)
    assert re.search(r"^\| city report \d{4} \(3 departments\): render_pdf \| [\d.]+ \| \d+ \| "
                     r"\d+ pages, [\d.]+ pages/s; [\d.]+x the floor \|$", table, re.MULTILINE)
    assert re.search(r"^\| department report \d{4} \([^)]+\): render_pdf \| [\d.]+ \| \d+ \| "
                     r"\d+ pages, [\d.]+ pages/s; [\d.]+x the floor \|$", table, re.MULTILINE)
