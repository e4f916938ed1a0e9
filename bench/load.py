"""Many users at once: the production setup under a realistic mix of browsing, search and API requests.

    .venv/bin/python bench/load.py --backend postgres --json bench/results/load-postgres.json
    .venv/bin/python bench/load.py --backend whoosh --json bench/results/load-whoosh.json
    .venv/bin/python bench/load.py --table bench/results     # the README's table

Builds 10,000 agreements (bench/pages_bench.py's world) and 100,000 announcements (bench/search_bench.py's
corpus) in a fresh database — PostgreSQL with its full-text search backend, or SQLite with Whoosh — then
serves it as `make serve-prod` does (gunicorn, DJANGO_DEBUG=0, collected static files through whitenoise)
and drives it from a second process with wrk for 60 s, 20 connections, cycling through 6,000 distinct
requests: half browsing (home, filtered agreement lists, agreement, organization and city pages, timeline),
three tenths search pages, a fifth the JSON API (lists with filters, records, search). Prints requests/s,
p50/p95/p99 and the error rate; writes JSON. Needs wrk (apt-get install wrk).
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

from pages_bench import build_world, free_port, load, page_urls, wait_for  # noqa: E402
from search_bench import build_corpus, query_set  # noqa: E402

SEED = 20171018
POSTGRES = "postgres://postgres@127.0.0.1:5432"
MIX = {"browse": 0.5, "search": 0.3, "api": 0.2}


def fresh_database(backend, workdir):
    if backend == "whoosh":
        return f"sqlite:///{workdir}/load.sqlite3"
    import psycopg2

    admin = psycopg2.connect(f"{POSTGRES}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute('DROP DATABASE IF EXISTS "citykb_load" WITH (FORCE)')
        cursor.execute('CREATE DATABASE "citykb_load"')
    admin.close()
    return f"{POSTGRES}/citykb_load"


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
    big = build_world(args.agreements)
    cities, organizations = build_corpus(args.announcements)
    from search.indexing import rebuild

    documents = rebuild()
    print(f"built and indexed {documents:,} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return big.slug, [c.name for c in cities], [o.name for o in organizations]


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
    production = {
        **environment,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-benchmark-only-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL": "0",
        # One load generator is one address: throttling it would measure the throttle.
        "API_ANON_RATE": "1000000000/minute",
    }
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


def print_table(results):
    print("| setup | requests/s | p50 ms | p95 ms | p99 ms | errors | requests |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for result in results:
        run = result["load"]
        print(
            f"| {result['setup']} | {run['requests_per_s']:,} | {run['p50_ms']} | {run['p95_ms']} | {run['p99_ms']} "
            f"| {run['error_rate']:.2%} | {run['requests']:,} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["postgres", "whoosh"], default="postgres")
    parser.add_argument("--agreements", type=int, default=10_000)
    parser.add_argument("--announcements", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--table", metavar="DIR", help="print the README's table of the results in DIR, and stop")
    args = parser.parse_args()
    if args.table:
        print_table([json.loads(path.read_text()) for path in sorted(Path(args.table).glob("load-*.json"))])
        return
    if not shutil.which("wrk"):
        sys.exit("The load generator is wrk: apt-get install wrk")

    workdir = tempfile.mkdtemp(prefix="citykb-load-")
    environment = {
        "DJANGO_SETTINGS_MODULE": "citykb.settings",
        "DATABASE_URL": fresh_database(args.backend, workdir),
        "SEARCH_BACKEND": args.backend,
        "SEARCH_INDEX_DIR": f"{workdir}/index",
        "PAGE_CACHE": "1",
    }
    big_slug, city_names, organization_names = build(args, environment)
    paths = request_mix(big_slug, city_names, organization_names, 6000)
    port = free_port()
    server = serve({**os.environ, **environment}, port, args.workers)
    try:
        wait_for(port, "/")
        refused = preflight(port, paths[:300])
        if refused:
            print(f"{len(refused)} of 300 sample requests not answered 200, e.g. {refused[:5]}", file=sys.stderr)
        run = load(port, paths, workdir, "mix", args.seconds, args.connections)
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)
    run["error_rate"] = round((run["errors"] + run["non_2xx"]) / max(1, run["requests"]), 5)
    setup = (
        f"{args.backend}: gunicorn {args.workers} workers, "
        + ("PostgreSQL + PostgreSQL search" if args.backend == "postgres" else "SQLite + Whoosh")
        + f", {args.agreements:,} agreements, {args.announcements:,} announcements, {args.connections} clients"
    )
    result = {"setup": setup, "mix": MIX, "seconds": args.seconds, "load": run}
    print_table([result])
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
