"""schemathesis against the API on a large budget: every operation of /api/schema/, N generated requests each,
the standard checks (no server error; status codes, content types, headers and bodies as the schema says).

    .venv/bin/python bench/api_fuzz.py --examples 1000 --json bench/results/api-fuzz.json

The suite runs the same checks on a small budget (tests/citykb/test_api_schema.py). A fresh SQLite database
with the seed fixtures, in a temporary directory; prints a table (operation, requests, failures, time).
"""

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup(workdir):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="citykb.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{workdir}/fuzz.sqlite3",
        SEARCH_INDEX_DIR=f"{workdir}/index",
        API_ANON_RATE="100000000/minute",  # fuzzing is one client asking a great deal
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # the 404 and 500 answers of production, and no query log
    logging.disable(logging.WARNING)  # a 400 or 404 per bad value is expected, not news; errors still show
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_initial_data", verbosity=0)
    call_command("rebuild_index", verbosity=0)


def fuzz(operation, examples, checks):
    from hypothesis import HealthCheck, given, settings
    from schemathesis.core.failures import Failure, FailureGroup

    failures, timings = set(), []

    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        started = time.perf_counter()
        try:
            case.call_and_validate(checks=checks)
        except (Failure, FailureGroup) as failure:
            failures.add(" | ".join(line.strip() for line in str(failure).splitlines() if line.strip())[:300])
        timings.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    run()
    return {
        "operation": operation.label,
        "requests": len(timings),
        "failures": sorted(failures),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(sorted(timings)[int(0.95 * (len(timings) - 1))], 2),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=1000, help="generated requests per operation")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="citykb-api-fuzz-")
    try:
        setup(workdir)
        import schemathesis
        from django.core.wsgi import get_wsgi_application

        from tests.citykb.test_api_schema import CHECKS

        schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
        rows = [fuzz(result.ok(), args.examples, CHECKS) for result in schema.get_all_operations()]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print("| operation | requests | failures | median ms | p95 ms | seconds |\n|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['operation']} | {row['requests']:,} | {len(row['failures'])} | {row['median_ms']} "
            f"| {row['p95_ms']} | {row['seconds']} |"
        )
    total = sum(row["requests"] for row in rows)
    failed = sum(len(row["failures"]) for row in rows)
    print(f"\n{len(rows)} operations, {total:,} requests, {failed} distinct failures")
    for row in rows:
        for failure in row["failures"]:
            print(f"- {row['operation']}: {failure}")
    if args.json:
        Path(args.json).write_text(json.dumps({"examples": args.examples, "operations": rows}, indent=2) + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
