"""What the load run's pages cost when they are made anew, by kind: where a faster server has to save.

    .venv/bin/python bench/load.py --backend postgres --reuse ...   # builds var/load-postgres/ once
    .venv/bin/python bench/miss_costs.py --backend postgres --json var/miss-costs.json

In bench/load.py's closed-loop run the share of requests answered from the cache is bounded by the share
that repeat an earlier request of the same run (a page is made once per data version): this prints that
bound for the run's window, then replays the window's distinct requests in order, in one warm process
with the production settings and nothing kept, each made anew, and prints per kind of page how many
there are, their p50/p95/mean server time, their SQL queries and their share of all the time spent.
Compare runs only side by side with their "loop ms": this machine's speed varies from hour to hour.
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import (  # noqa: E402
    PRODUCTION,
    VISITORS,
    fresh_database,
    machine_speed_ms,
    mix_length,
    names_in_database,
    request_mix,
    visitor_address,
)
from search_bench import percentile  # noqa: E402

# The closed-loop run's length in requests: 130 requests/s for 60 s (2026-12-03; 256–313 on faster days).
WINDOW = 7_800
# bench/load.py's list of requests for a 60 s run, whose beginning the closed-loop run asks for.
MIX_LENGTH = mix_length(60)


def kind_of(path):
    """'agreements list', 'cities record', 'api agreements list', 'search', …: the view that answers the address."""
    parts = [part for part in path.partition("?")[0].split("/") if part]
    if not parts:
        return "home"
    if parts[0] == "api":
        return f"api {parts[1]} " + ("record" if len(parts) > 2 else "list")
    if parts[0] in ("search", "timeline"):
        return parts[0]
    return f"{parts[0]} " + ("record" if len(parts) > 1 else "list")


def replay(paths, warm_up):
    """(kind, milliseconds, queries, status) of each path, made anew in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from citykb.core.caching import new_data_version

    client = Client()
    for n, path in enumerate(warm_up):  # imports, compiled templates and the shared tables, as a worker has them
        client.get(path, HTTP_X_FORWARDED_FOR=visitor_address(n))
    new_data_version()
    timings = []
    for n, path in enumerate(paths):
        connection.queries_log.clear()  # the log keeps 9,000 queries; past that a request's count would be wrong
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_X_FORWARDED_FOR=visitor_address(n + VISITORS // 2))
        timings.append((kind_of(path), (time.perf_counter() - started) * 1000, len(queries), response.status_code))
    return timings


def by_kind(timings):
    total = sum(ms for _, ms, _, _ in timings)
    grouped = defaultdict(list)
    for kind, ms, queries, _ in timings:
        grouped[kind].append((ms, queries))
    rows = []
    for kind, entries in grouped.items():
        times = [ms for ms, _ in entries]
        rows.append(
            {
                "kind": kind,
                "requests": len(entries),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "mean_ms": round(statistics.mean(times), 1),
                "queries_mean": round(statistics.mean(queries for _, queries in entries), 1),
                "share_of_time": round(sum(times) / total, 3),
            }
        )
    return sorted(rows, key=lambda row: -row["share_of_time"])


def print_table(result):
    print(
        f"{result['window']:,} requests of the load run: {result['distinct']:,} distinct, so at most "
        f"{result['cache_bound']:.1%} can come from the cache. {result['replayed']:,} replayed, made anew: "
        f"{result['seconds']} s, mean {result['mean_ms']} ms, loop {result['machine_speed_ms']} ms"
    )
    print("| page | requests | p50 ms | p95 ms | mean ms | queries | share of the time |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in result["kinds"]:
        print(
            f"| {row['kind']} | {row['requests']} | {row['p50_ms']} | {row['p95_ms']} | {row['mean_ms']} "
            f"| {row['queries_mean']} | {row['share_of_time']:.0%} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["postgres", "whoosh"], default="postgres")
    parser.add_argument("--window", type=int, default=WINDOW, help="requests of the load run whose repeats are counted")
    parser.add_argument("--requests", type=int, default=1000, help="distinct requests to replay")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="the shared cache, as in bench/load.py")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    workdir = ROOT / "var" / f"load-{args.backend}"
    if not (workdir / "built").exists():
        sys.exit(f"No database in {workdir}: run bench/load.py --backend {args.backend} --reuse first.")
    database_url, _ = fresh_database(args.backend, workdir, reuse=True)  # built: kept as it is
    # As bench/load.py serves it, in this process, with keys of its own in the shared cache (nothing kept before).
    os.environ.update(
        PRODUCTION,
        DJANGO_SETTINGS_MODULE="citykb.settings",
        DATABASE_URL=database_url,
        SEARCH_BACKEND=args.backend,
        SEARCH_INDEX_DIR=f"{workdir}/index",
        PAGE_CACHE="1",
        REDIS_URL=args.redis,
        CACHE_KEY_PREFIX=f"miss-costs-{time.time_ns()}",
    )
    import django

    django.setup()  # before names_in_database(), which would set it up with DJANGO_DEBUG=1
    mix = request_mix(*names_in_database(dict(os.environ)), MIX_LENGTH)
    paths = mix[: args.window]
    distinct = list(dict.fromkeys(paths))
    speed = machine_speed_ms()
    started = time.perf_counter()
    timings = replay(distinct[: args.requests], warm_up=mix[-200:])
    seconds = time.perf_counter() - started
    refused = [status for *_, status in timings if status != 200]
    if refused:
        print(f"{len(refused)} requests not answered 200: {sorted(set(refused))}", file=sys.stderr)
    result = {
        "backend": args.backend,
        "window": len(paths),
        "distinct": len(distinct),
        "cache_bound": round(1 - len(distinct) / len(paths), 3),
        "replayed": len(timings),
        "seconds": round(seconds, 1),
        "mean_ms": round(statistics.mean(ms for _, ms, _, _ in timings), 1),
        "machine_speed_ms": speed,
        "kinds": by_kind(timings),
    }
    print_table(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
