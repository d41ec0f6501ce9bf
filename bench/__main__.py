"""`make bench`: seed ten times Ghent into a scratch PostgreSQL database, measure every list
page and the heavy workloads, print the table and write it to bench/RESULTS.md.

    .venv/bin/python -m bench [--departments 400] [--volunteers 35000] [--requests 20] [--keep]

The database is BENCH_DATABASE_URL (default: the local PostgreSQL's vrijwilligersbeleid_bench);
it is dropped and created again, so its name must contain "bench". What is measured is the
registry in bench/registry.py, filled by the MODULES below.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/vrijwilligersbeleid_bench"
# The modules that register measurements, in the order they run.
MODULES = ["bench.city", "bench.pages", "bench.workloads", "bench.reports_city"]


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url",
                        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--departments", type=int, default=400)
    parser.add_argument("--volunteers", type=int, default=35_000)
    parser.add_argument("--onboardings", type=int, default=400,
                        help="volunteers in onboarding (a dozen in the sample department)")
    parser.add_argument("--sample-rows", type=int, default=3_000,
                        help="volunteers the sample department imports (its trail grows)")
    parser.add_argument("--import-rows", type=int, default=35_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first")
    parser.add_argument("--pages", default="", help="only pages whose label contains this")
    parser.add_argument("--no-workloads", action="store_true")
    parser.add_argument("--out", default=str(BASE_DIR / "bench" / "RESULTS.md"),
                        help="where the table goes ('' for nowhere)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args(argv)


def setup_django(database_url: str) -> None:
    name = urlparse(database_url).path.lstrip("/")
    if not database_url.startswith(("postgres://", "postgresql://")) or "bench" not in name:
        sys.exit(f"make bench: {database_url} must be a PostgreSQL database whose name contains"
                 " 'bench' (it is dropped and created again).")
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = database_url
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"  # the worker's tasks run in-process
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"  # not a line per task
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The scratch database is exactly the one named (Django's test-database machinery).
    connection.settings_dict["TEST"]["NAME"] = name


def main(argv=None) -> None:
    options = arguments(argv)
    setup_django(options.database_url)
    import importlib

    from django.db import connection

    from . import report
    from .city import City
    from .registry import REGISTRY
    from .run import run

    for module in MODULES:
        importlib.import_module(module)
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    created = time.perf_counter() - started
    city = City(
        year=datetime.date.today().year,  # noqa: DTZ011 - this year's round, as make run
        departments=options.departments,
        volunteers=options.volunteers,
        onboardings=options.onboardings,
    )
    try:
        results = run(REGISTRY, city, options)
        text = report.markdown(results, city=city, options=options, created_seconds=created)
        print(text)
        if options.out:
            Path(options.out).write_text(text, encoding="utf-8")
            print(f"Written to {options.out}")
    finally:
        if options.keep:
            print(f"The database {connection.settings_dict['NAME']} is kept.")
        else:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
