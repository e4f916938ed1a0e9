"""Many users at once: the production setup under a realistic mix of browsing, search and API requests.

    .venv/bin/python bench/load.py --backend postgres --json bench/results/load-postgres.json
    .venv/bin/python bench/load.py --backend whoosh --json bench/results/load-whoosh.json
    .venv/bin/python bench/load.py --table bench/results     # the README's table
    .venv/bin/python bench/load.py --reuse ...                # keep the built database in var/ for the next run

Builds 10,000 agreements (bench/pages_bench.py's world) and 100,000 announcements (bench/search_bench.py's
corpus) in a fresh database — PostgreSQL with its full-text search backend, or SQLite with Whoosh — with
its table statistics, then serves it as `make serve-prod` does (gunicorn, DJANGO_DEBUG=0, Redis as the
shared cache, collected static files through whitenoise) and drives it from a second process over a list
of requests long enough never to be used twice: half browsing (home, filtered agreement lists, agreement,
organization and city pages, timeline), three tenths search pages, a fifth the JSON API (lists with
filters, records, search), from 500 visitor addresses (X-Forwarded-For), each throttled at the
production rate. Four runs of 60 s:

- wrk, 20 connections, each asking again as soon as it is answered, from a new data version (nothing
  kept from before): the most the setup answers just after an edit. In such a closed loop the mean
  latency is 20 / throughput (Little's law), whatever the server;
- wrk again, going on down the list (requests none asked before) into the cache the first minute
  filled: the most it answers with no edit for a minute, the state between edits;
- the mix offered at a fixed rate (150 requests/s) over 20 connections, each request due at its own
  moment and timed from it — the latency visitors see at that rate: first going on from where wrk
  stopped (requests none asked before, the cache as two minutes left it: no change for a while),
  then from a new data version again (just after an edit, when every page is to be made anew).

Prints requests/s, p50/p95/p99, the error rate and the share answered from the cache; writes JSON.
Needs wrk (apt-get install wrk) and, for the shared cache, Redis (--redis '' for a cache per process).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages_bench import WRK_SCRIPT, build_world, free_port, load, page_urls, wait_for  # noqa: E402
from search_bench import build_corpus, percentile, query_set  # noqa: E402

SEED = 20171018
POSTGRES = "postgres://postgres@127.0.0.1:5432"
MIX = {"browse": 0.5, "search": 0.3, "api": 0.2}
REQUESTS_PER_SECOND_CEILING = 400  # more than the setup answers: the list of requests is never used twice
TARGET_RATE = 150  # requests/s offered in the fixed-rate run
# The mix comes from this many visitors, as a proxy in front would tell (X-Forwarded-For, API_NUM_PROXIES=1):
# each is throttled on its own, at the production rate, as real visitors are.
VISITORS = 500
TIMEOUT = 10  # seconds before an unanswered request counts as an error


def mix_length(seconds, rate=TARGET_RATE):
    """Requests enough for the four runs never to come round to the start of the list again: a second
    pass would find every page of the first in the cache, which no stream of real visitors does."""
    return seconds * (2 * REQUESTS_PER_SECOND_CEILING + rate)


# The production settings the app server runs with (bench/miss_costs.py makes its pages with them too).
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "load-benchmark-only-" + "k" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL": "0",
    "API_NUM_PROXIES": "1",  # the visitors' addresses, in X-Forwarded-For
}


def visitor_address(n):
    return f"10.0.{n % VISITORS // 256}.{n % VISITORS % 256}"


VISITORS_SCRIPT = WRK_SCRIPT.replace(
    """  return wrk.format("GET", paths[(n %% #paths) + 1])""",
    """  local visitor = n %% %(visitors)d
  local address = "10.0." .. math.floor(visitor / 256) .. "." .. (visitor %% 256)
  return wrk.format("GET", paths[(n %% #paths) + 1], {["X-Forwarded-For"] = address})""".replace(
        "%(visitors)d", str(VISITORS)
    ),
)


def fresh_database(backend, workdir, reuse):
    """The database's URL, and whether it still has to be built (--reuse keeps one built before)."""
    if backend == "whoosh":
        database = Path(workdir) / "load.sqlite3"
        built = reuse and database.exists() and (Path(workdir) / "built").exists()
        if not built:
            database.unlink(missing_ok=True)
            shutil.rmtree(Path(workdir) / "index", ignore_errors=True)
        return f"sqlite:///{database}", not built
    import psycopg2

    admin = psycopg2.connect(f"{POSTGRES}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'citykb_load'")
        exists = cursor.fetchone() is not None
        built = reuse and exists and (Path(workdir) / "built").exists()
        if not built:
            cursor.execute('DROP DATABASE IF EXISTS "citykb_load" WITH (FORCE)')
            cursor.execute('CREATE DATABASE "citykb_load"')
    admin.close()
    return f"{POSTGRES}/citykb_load", not built


def build(args, environment):
    os.environ.update(environment, DJANGO_DEBUG="1")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # no query log while building
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    build_world(args.agreements)
    build_corpus(args.announcements)
    from search.indexing import rebuild

    documents = rebuild()
    analyze()
    print(f"built and indexed {documents:,} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def analyze():
    """Table statistics, as a database in service has them (autovacuum): without them PostgreSQL plans
    the freshly bulk-loaded tables as if they were empty, and a prefetch of 20 rows scans 240,000."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def start_afresh(environment):
    """A new data version: nothing kept by an earlier run (in a shared cache, say) is found by this one."""
    os.environ.update(environment, DJANGO_DEBUG="1")
    import django

    django.setup()
    from citykb.core.caching import new_data_version

    new_data_version()


def names_in_database(environment):
    """The big organization's slug and the search corpus's city and organization names, read back."""
    os.environ.update(environment, DJANGO_DEBUG="1")
    import django

    django.setup()
    from django.db.models import Count

    from agreements.models import AgreementParty
    from partners.models import City, Organization

    big = (
        AgreementParty.objects.filter(organization__isnull=False)
        .values("organization__slug")
        .annotate(n=Count("id"))
        .order_by("-n")[0]
    )
    cities = City.objects.filter(slug__startswith="bench-city-").order_by("pk").values_list("name", flat=True)
    organizations = Organization.objects.filter(slug__startswith="bench-org-").order_by("pk")
    return big["organization__slug"], list(cities), list(organizations.values_list("name", flat=True))


def request_mix(big_slug, city_names, organization_names, count):
    """`count` distinct-ish requests in the MIX proportions, shuffled."""
    from agreements.models import Agreement
    from partners.models import Organization

    rng = random.Random(SEED)
    pages = page_urls(rng, big_slug, count)
    browse = [url for name, urls in pages.items() if name != "network" for url in urls]
    queries = query_set(rng, city_names, organization_names)
    search = [f"/search/?{urlencode({'q': rng.choice(queries)})}" for _ in range(count)]
    agreements = list(Agreement.objects.values_list("slug", flat=True)[:5000])
    organizations = list(Organization.objects.values_list("slug", flat=True))
    api = []
    for _ in range(count):
        api.append(
            rng.choice(
                [
                    f"/api/agreements/?{urlencode({'party': rng.choice(organizations)})}",
                    f"/api/agreements/{rng.choice(agreements)}/",
                    f"/api/organizations/{rng.choice(organizations)}/",
                    f"/api/search/?{urlencode({'q': rng.choice(queries)})}",
                ]
            )
        )
    mix = (
        rng.sample(browse, int(count * MIX["browse"]))
        + rng.sample(search, int(count * MIX["search"]))
        + rng.sample(api, int(count * MIX["api"]))
    )
    rng.shuffle(mix)
    return mix


def serve(environment, port, workers):
    """The production recipe (Makefile: serve-prod), on this database."""
    production = {**environment, **PRODUCTION}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=production, check=True
    )
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "citykb.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=production,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def preflight(port, paths):
    """(status, path) of the sample requests not answered with 200: a mix of broken links measures nothing."""
    import urllib.error
    import urllib.request

    refused = []
    for path in paths:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
                response.read()
        except urllib.error.HTTPError as error:
            refused.append((error.code, path))
    return refused


def fixed_rate(port, paths, rate, seconds, connections):
    """Requests offered at a fixed rate, as visitors arrive, over `connections` kept-alive connections.

    Each request is due at its own moment, whether or not the ones before it are answered, and its
    latency counts from that moment: a server that falls behind shows its queue in the latencies
    instead of slowing the load down (wrk's closed loop, by contrast, waits for each answer).
    """
    import http.client
    import itertools
    import threading

    total, counter, lock = rate * seconds, itertools.count(), threading.Lock()
    answers = []  # (latency ms, status, kept, seconds into the run it was due)
    started = time.perf_counter() + 0.5

    def visitor():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        while True:
            with lock:
                n = next(counter)
            if n >= total:
                return
            due = started + n / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            try:
                connection.request("GET", paths[n % len(paths)], headers={"X-Forwarded-For": visitor_address(n)})
                response = connection.getresponse()
                response.read()
                status, kept = response.status, response.getheader("X-Page-Cache") == "hit"
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
                status, kept = 0, False
            answers.append(((time.perf_counter() - due) * 1000, status, kept, n / rate))

    cpu = time.process_time()
    threads = [threading.Thread(target=visitor) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    latencies = sorted(answer[0] for answer in answers)
    failed = sum(answer[1] != 200 for answer in answers)
    unanswered = sum(answer[1] == 0 for answer in answers)
    # The run starts from a new data version, every page to be made: how the latency settles, 10 s at a time.
    windows = [
        sorted(answer[0] for answer in answers if start <= answer[3] < start + 10) for start in range(0, seconds, 10)
    ]
    return {
        "offered_per_s": rate,
        "requests": len(answers),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(answers) / elapsed, 1),
        "errors": unanswered,
        "non_2xx": failed - unanswered,
        "error_rate": round(failed / max(1, len(answers)), 5),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "p95_ms_by_10_s": [round(percentile(window, 0.95), 1) for window in windows if window],
        "cache_hit_ratio": round(sum(answer[2] for answer in answers) / max(1, len(answers)), 3),
        # The load generator's own share of a core: beside the server on two cores, it must stay small.
        "client_cpu_share": round(cpu / elapsed, 3),
    }


def machine_speed_ms():
    """Milliseconds of a fixed pure-Python loop, the best of five: this shared machine's speed varies
    (from 55 to 137 ms between runs seen here), and results are only comparable beside it. It does not
    see everything: on one day it stayed at 53–61 ms while the pages cost half as much again."""
    timings = []
    for _ in range(5):
        started, total = time.process_time(), 0
        for n in range(2_000_000):
            total += n * n
        timings.append((time.process_time() - started) * 1000)
    return round(min(timings), 1)


def print_table(results):
    print(
        "| setup | load | requests/s | p50 ms | p95 ms | p99 ms | errors | requests | from the cache "
        "| p95 ms, each 10 s | loop ms |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for result in results:
        clients = result.get("connections", 20)
        runs = [(f"{clients} clients, each asking again at once, just after a change", result["load"])]
        if "load_steady" in result:
            runs.append(
                (f"{clients} clients, each asking again at once, no change for a minute", result["load_steady"])
            )
        for key, when in (
            ("fixed_rate_steady", "no change since the runs before"),
            ("fixed_rate_cold", "just after a change"),
        ):
            if key in result:
                offered = result[key]["offered_per_s"]
                runs.append((f"{offered} requests/s offered by {clients} clients, {when}", result[key]))
        for name, run in runs:
            print(
                f"| {result['setup']} | {name} | {run['requests_per_s']:,} | {run['p50_ms']} | {run['p95_ms']} "
                f"| {run['p99_ms']} | {run['error_rate']:.2%} | {run['requests']:,} | {run['cache_hit_ratio']:.0%} "
                f"| {' · '.join(f'{p95:,.0f}' for p95 in run.get('p95_ms_by_10_s', []))} "
                f"| {run.get('machine_speed_ms', result.get('machine_speed_ms', ''))} |"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["postgres", "whoosh"], default="postgres")
    parser.add_argument("--agreements", type=int, default=10_000)
    parser.add_argument("--announcements", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rate", type=int, default=TARGET_RATE, help="requests/s offered in the fixed-rate run")
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/0", help="the shared cache, as make serve-prod has it ('' for none)"
    )
    parser.add_argument("--reuse", action="store_true", help="keep the built database in var/ and use it next time")
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--table", metavar="DIR", help="print the README's table of the results in DIR, and stop")
    args = parser.parse_args()
    if args.table:
        print_table([json.loads(path.read_text()) for path in sorted(Path(args.table).glob("load-*.json"))])
        return
    if not shutil.which("wrk"):
        sys.exit("The load generator is wrk: apt-get install wrk")

    # --reuse keeps the built database (and for SQLite, its folder) for the next run with the same sizes.
    workdir = ROOT / "var" / f"load-{args.backend}" if args.reuse else Path(tempfile.mkdtemp(prefix="citykb-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    database_url, to_build = fresh_database(args.backend, workdir, args.reuse)
    environment = {
        "DJANGO_SETTINGS_MODULE": "citykb.settings",
        "DATABASE_URL": database_url,
        "SEARCH_BACKEND": args.backend,
        "SEARCH_INDEX_DIR": f"{workdir}/index",
        "PAGE_CACHE": "1",
        "REDIS_URL": args.redis,
    }
    if to_build:
        build(args, environment)
        (workdir / "built").touch()
    start_afresh(environment)
    paths = request_mix(*names_in_database(environment), mix_length(args.seconds, args.rate))
    port = free_port()
    server = serve({**os.environ, **environment}, port, args.workers)
    try:
        wait_for(port, "/")
        # The preflight asks for the sample from the end of the list: the run starts at its beginning.
        refused = preflight(port, paths[-300:])
        if refused:
            print(f"{len(refused)} of 300 sample requests not answered 200, e.g. {refused[:5]}", file=sys.stderr)
        # Slow answers are timed, not dropped: 10 s before one counts as an error, as in the fixed-rate runs.
        speed = machine_speed_ms()
        run = load(port, paths, workdir, "mix", args.seconds, args.connections, VISITORS_SCRIPT, TIMEOUT)
        run["machine_speed_ms"] = speed
        # The same clients go on, none of their requests asked before, into the cache the first minute
        # filled: between two changes of the data, which is most of the time, this is the state served.
        asked = run["requests"]
        speed = machine_speed_ms()
        run_steady = load(
            port, paths[asked:], workdir, "mix-steady", args.seconds, args.connections, VISITORS_SCRIPT, TIMEOUT
        )
        run_steady["machine_speed_ms"] = speed
        asked += run_steady["requests"]
        # Visitors go on arriving at a fixed rate, again none of their requests asked before.
        speed = machine_speed_ms()
        steady = fixed_rate(port, paths[asked:], args.rate, args.seconds, args.connections)
        steady["machine_speed_ms"] = speed
        # The same arrivals just after a change of the data: every page and answer is to be made again.
        start_afresh(environment)
        speed = machine_speed_ms()
        cold = fixed_rate(port, paths, args.rate, args.seconds, args.connections)
        cold["machine_speed_ms"] = speed
    finally:
        server.terminate()
        server.wait(timeout=60)
        if not args.reuse:
            shutil.rmtree(workdir, ignore_errors=True)
    for closed_loop in (run, run_steady):
        closed_loop["error_rate"] = round(
            (closed_loop["errors"] + closed_loop["non_2xx"]) / max(1, closed_loop["requests"]), 5
        )
    setup = (
        f"{args.backend}: gunicorn {args.workers} workers, "
        + ("PostgreSQL + PostgreSQL search" if args.backend == "postgres" else "SQLite + Whoosh")
        + (", Redis cache" if args.redis else ", a cache per process")
        + f", {args.agreements:,} agreements, {args.announcements:,} announcements"
    )
    result = {
        "setup": setup,
        "mix": MIX,
        "seconds": args.seconds,
        "connections": args.connections,
        "load": run,
        "load_steady": run_steady,
        "fixed_rate_steady": steady,
        "fixed_rate_cold": cold,
    }
    print_table([result])
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
