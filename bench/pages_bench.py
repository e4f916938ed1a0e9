"""Page benchmark: server time of the browsing pages and throughput under gunicorn, beside Datasette.

    .venv/bin/python bench/pages_bench.py --agreements 10000 --json bench/results/pages-10000.json
    .venv/bin/python bench/pages_bench.py --table bench/results   # the README's table

Builds N synthetic agreements (fixed seed) in a fresh SQLite file: each with
its announcement, two or three organizations and a city as parties, topics,
scope items, a person at the signing, and citations for all of it; one
organization takes part in a tenth of them. Then, each part in its own process:

- server time: every page through Django's whole stack (middleware, views,
  templates) in a warm worker process, p50/p95/max over many distinct URLs
  (different filters, different records), with the SQL queries each one ran;
- CSV export of every agreement: time to the first and the last byte;
- throughput: gunicorn with 2 workers, loaded by wrk from a second process
  cycling through many distinct list and detail URLs; Datasette serving the
  same agreements from a table with the same facets, loaded the same way in
  the same run, is the peer.

Needs wrk (Debian: apt-get install wrk) and Datasette (in requirements-dev.txt).
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search_bench import names as unique_names  # noqa: E402  (the same made-up names as the search benchmark)
from search_bench import percentile  # noqa: E402

SEED = 20170915
BIN = Path(sys.executable).parent
WORDS = (
    "smart city digital platform data network sensors lighting transport energy citizens services council "
    "partners innovation cloud broadband mobility pilot trial investment research university residents"
).split()
TOPICS = "IoT,5G,big data,cloud,optical network,smart lighting,e-mobility,open data,safe city,e-health".split(",")
DATES = ["{y}-{m:02d}-{d:02d}", "{y}-{m:02d}", "late {y}", "early {y}", "{y}", "{y}?", ""]


def prose(rng, sentences):
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def build_world(count):
    """Bulk-create `count` agreements with everything their pages show."""
    from agreements.models import (
        Agreement,
        AgreementAlias,
        AgreementParty,
        Announcement,
        Citation,
        Event,
        ScopeItem,
        SigningAttendance,
        Topic,
    )
    from partners.models import Affiliation, City, Organization, Person

    rng = random.Random(SEED)
    countries = unique_names(rng, 40, ["land", "ia", "stan"])
    cities = City.objects.bulk_create(
        City(name=name, slug=f"city-{i}", country=rng.choice(countries))
        for i, name in enumerate(unique_names(rng, max(50, count // 25), ["", "City", "New Area"]))
    )
    organizations = Organization.objects.bulk_create(
        Organization(
            name=name,
            slug=f"org-{i}",
            kind=rng.choice(["company", "government", "university"]),
            country=rng.choice(countries),
            city=rng.choice(cities),
        )
        for i, name in enumerate(unique_names(rng, max(100, count // 7), ["Telecom", "Council", "Networks", "Group"]))
    )
    big = organizations[0]  # "an organization with many agreements": party to a tenth of them
    people = Person.objects.bulk_create(
        Person(name=name, slug=f"person-{i}")
        for i, name in enumerate(unique_names(rng, max(100, count // 3), ["Li", "Smith", "Chen", "Brown", "Wang"]))
    )
    topics = Topic.objects.bulk_create(Topic(name=name, slug=f"topic-{i}") for i, name in enumerate(TOPICS))
    events = Event.objects.bulk_create(
        Event(name=f"{city.name} smart city forum", slug=f"event-{i}", city=city)
        for i, city in enumerate(rng.sample(cities, min(len(cities), 300)))
    )
    for event in events:
        event.held = f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}"
    Event.objects.bulk_update(events, ["held_start", "held_precision", "held_approximate"])

    through = {name: getattr(Agreement, name).through for name in ("citations", "signing_citations", "topics")}
    batch = 1000
    for first in range(0, count, batch):
        plans = []
        for n in range(first, min(count, first + batch)):
            signatories = rng.sample(organizations[1:], 2)
            if n % 10 == 0:
                signatories[0] = big
            plans.append((n, signatories, rng.choice(cities), rng.choice(people)))
        announcements = Announcement.objects.bulk_create(
            _announcement(rng, n, signatories, city, person) for n, signatories, city, person in plans
        )
        agreements = Agreement.objects.bulk_create(
            _agreement(rng, n, signatories, city) for n, signatories, city, _ in plans
        )
        citations = Citation.objects.bulk_create(
            citation
            for announcement, (_n, signatories, city, person) in zip(announcements, plans, strict=True)
            for citation in (
                announcement.cite(f"have signed an agreement in {city.name}"),
                announcement.cite(f"{signatories[0].name} and {signatories[1].name}"),
                announcement.cite(f"{person.name}, director of {signatories[0].name}, attended the signing"),
                announcement.cite("The partners will"),
            )
        )
        links = {name: [] for name in through}
        parties, party_citations, scope, attendances, aliases, affiliations = [], [], [], [], [], []
        for i, (agreement, (_n, signatories, city, person)) in enumerate(zip(agreements, plans, strict=True)):
            signing, named, attended, scoped = citations[4 * i : 4 * i + 4]
            links["citations"] += [
                through["citations"](agreement_id=agreement.pk, citation_id=c.pk) for c in (signing, named)
            ]
            links["signing_citations"].append(
                through["signing_citations"](agreement_id=agreement.pk, citation_id=signing.pk)
            )
            links["topics"] += [
                through["topics"](agreement_id=agreement.pk, topic_id=t.pk)
                for t in rng.sample(topics, rng.randint(1, 3))
            ]
            parties += [AgreementParty(agreement=agreement, organization=o, role="signatory") for o in signatories]
            parties.append(AgreementParty(agreement=agreement, city=city, role="location"))
            party_citations.append((named, named, signing))
            scope += [ScopeItem(agreement=agreement, position=p, description=prose(rng, 1)) for p in (1, 2)]
            attendances.append(SigningAttendance(agreement=agreement, person=person, role="attendee"))
            aliases.append(AgreementAlias(agreement=agreement, name=f"{agreement.title} ({agreement.kind})"))
            affiliations.append(Affiliation(person=person, organization=signatories[0], title="Director"))
        for name, rows in links.items():
            through[name].objects.bulk_create(rows, ignore_conflicts=True)
        parties = AgreementParty.objects.bulk_create(parties)
        AgreementParty.citations.through.objects.bulk_create(
            AgreementParty.citations.through(agreementparty_id=party.pk, citation_id=citation.pk)
            for party, citation in zip(parties, [c for trio in party_citations for c in trio], strict=True)
        )
        scope = ScopeItem.objects.bulk_create(scope)
        ScopeItem.citations.through.objects.bulk_create(
            ScopeItem.citations.through(scopeitem_id=item.pk, citation_id=citations[4 * (i // 2) + 3].pk)
            for i, item in enumerate(scope)
        )
        attendances = SigningAttendance.objects.bulk_create(attendances)
        SigningAttendance.citations.through.objects.bulk_create(
            SigningAttendance.citations.through(signingattendance_id=a.pk, citation_id=citations[4 * i + 2].pk)
            for i, a in enumerate(attendances)
        )
        AgreementAlias.objects.bulk_create(aliases)
        Affiliation.objects.bulk_create(affiliations, ignore_conflicts=True)
    return big


def _announcement(rng, n, signatories, city, person):
    first, second = signatories
    body = (
        f"{first.name} and {second.name} have signed an agreement in {city.name}. "
        f"{person.name}, director of {first.name}, attended the signing. {prose(rng, 8)} "
        f"The partners will work on {rng.choice(TOPICS)} in {city.name}. {prose(rng, 6)}"
    )
    announcement = _dated(rng, "published", n, body=body, title=f"{first.name} and {second.name} sign in {city.name}")
    announcement.slug = f"announcement-{n}"
    return announcement


def _agreement(rng, n, signatories, city):
    from agreements.models import Agreement

    agreement = Agreement(
        title=f"{signatories[0].name} and {signatories[1].name} agreement {n}",
        slug=f"agreement-{n}",
        kind=rng.choice(Agreement.Kind.values),
        status="signed" if rng.random() < 0.9 else "announced",
        summary=prose(rng, 2),
        signed_in=city if rng.random() < 0.8 else None,
    )
    agreement.signed = _date(rng)
    return agreement


def _dated(rng, field, n, **fields):
    from agreements.models import Announcement

    record = Announcement(source_file=f"bench-{n}.txt", **fields)
    setattr(record, field, _date(rng))
    return record


def _date(rng):
    form = rng.choice(DATES)
    return form.format(y=rng.randint(2010, 2024), m=rng.randint(1, 12), d=rng.randint(1, 28))


# ---------------------------------------------------------------------------------------------------
# Datasette's copy: one row per agreement, the browser's facets as columns (parties and topics as arrays).


def build_peer(django_db, peer_db):
    peer = sqlite3.connect(peer_db)
    peer.execute(f"ATTACH DATABASE '{django_db}' AS kb")
    peer.executescript(
        """
        CREATE TABLE agreements AS
        SELECT a.id, a.title, a.slug, a.kind, a.status, a.signed_start AS signed,
               CAST(strftime('%Y', a.signed_start) AS INTEGER) AS year,
               c.name AS city, c.country AS country,
               (SELECT json_group_array(o.name) FROM kb.agreements_agreementparty p
                  JOIN kb.partners_organization o ON o.id = p.organization_id WHERE p.agreement_id = a.id) AS parties,
               (SELECT json_group_array(t.name) FROM kb.agreements_agreement_topics at
                  JOIN kb.agreements_topic t ON t.id = at.topic_id WHERE at.agreement_id = a.id) AS topics
        FROM kb.agreements_agreement a LEFT JOIN kb.partners_city c ON c.id = a.signed_in_id;
        CREATE INDEX agreements_kind ON agreements (kind);
        CREATE INDEX agreements_status ON agreements (status);
        CREATE INDEX agreements_country ON agreements (country);
        CREATE INDEX agreements_year ON agreements (year);
        CREATE INDEX agreements_signed ON agreements (signed);
        """
    )
    peer.commit()
    peer.execute("DETACH DATABASE kb")
    peer.close()


DATASETTE_FACETS = (
    "_facet=kind&_facet=status&_facet=year&_facet=city&_facet=country&_facet_array=parties&_facet_array=topics"
)


# ---------------------------------------------------------------------------------------------------
# Measuring


def summary(latencies, queries=None):
    result = {
        "requests": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
    }
    if queries:
        result["queries_max"] = max(queries)
    return result


def setup_django(database_url, index_dir, debug=True):
    os.environ["DJANGO_SETTINGS_MODULE"] = "citykb.settings"
    os.environ["DJANGO_DEBUG"] = "1" if debug else "0"
    os.environ["DATABASE_URL"] = database_url
    os.environ["SEARCH_INDEX_DIR"] = index_dir
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # DEBUG keeps every query in memory; a benchmark must not


def page_urls(rng, big_slug, count):
    """Distinct URLs of each page type, as visitors would ask for them."""
    from agreements.models import Agreement, Topic
    from partners.models import City, Organization

    agreements = list(Agreement.objects.values_list("slug", flat=True))
    cities = list(City.objects.values_list("slug", "country"))
    organizations = list(Organization.objects.values_list("slug", flat=True))
    topics = list(Topic.objects.values_list("slug", flat=True))

    def filtered():
        city, country = rng.choice(cities)
        choices = [
            ("country", country),
            ("topic", rng.choice(topics)),
            ("kind", rng.choice(Agreement.Kind.values)),
            ("party", rng.choice(organizations)),
            ("city", city),
            ("signed_from", rng.randint(2010, 2020)),
            ("status", "signed"),
            ("sort", "title"),
        ]
        return "/agreements/?" + urlencode(rng.sample(choices, 2))

    return {
        "home": ["/"] * count,
        "agreement list (2 filters, facets)": [filtered() for _ in range(count)],
        "agreement list (no filter, facets)": [f"/agreements/?page={rng.randint(1, 20)}" for _ in range(count)],
        "agreement": [f"/agreements/{rng.choice(agreements)}/" for _ in range(count)],
        f"organization with {Organization.objects.get(slug=big_slug).agreement_roles.count():,} agreements": [
            f"/organizations/{big_slug}/"
        ]
        * count,
        "organization": [f"/organizations/{rng.choice(organizations)}/" for _ in range(count)],
        "city": [f"/cities/{rng.choice(cities)[0]}/" for _ in range(count)],
        "timeline (one city)": [f"/timeline/?city={rng.choice(cities)[0]}" for _ in range(count)],
        "network": ["/network/"] * max(10, count // 5),
    }


def server_phase(args):
    """Each page through Django's whole stack in this warm process: p50/p95 and queries.

    The page cache is emptied before every request, so each page is made anew;
    what is kept per data version (the facet table, layouts, names) stays, as in
    a worker that has served since the last change. "After a change" rows empty
    that too, before every request.
    """
    setup_django(args.database_url, args.index_dir)
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from citykb.core.caching import clear_memos

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}

    def timed(urls, after_change=False):
        latencies, queries = [], []
        for url in urls:
            cache.clear()
            if after_change:
                clear_memos()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                latencies.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries.append(len(captured))
        return summary(latencies, queries)

    pages = page_urls(random.Random(SEED + 1), args.big, args.samples)
    for name, urls in pages.items():
        for url in urls[:5]:  # warm: templates compiled, connection open, SQLite pages cached
            client.get(url)
        results[name] = timed(urls)
    for name in ("agreement list (2 filters, facets)", "network"):
        results[f"{name}, first request after a change"] = timed(pages[name][:10], after_change=True)
    results["CSV export, all agreements"] = csv_export(client)
    return results


def csv_export(client, runs=5):
    firsts, lasts, rows = [], [], 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/agreements/export.csv")
        chunks = iter(response.streaming_content) if response.streaming else iter([response.content])
        first = next(chunks)
        firsts.append((time.perf_counter() - started) * 1000)
        body = first + b"".join(chunks)
        lasts.append((time.perf_counter() - started) * 1000)
        rows = body.count(b"\n") - 1
    return {
        "requests": runs,
        "p50_ms": round(statistics.median(lasts), 1),
        "p95_ms": round(max(lasts), 1),
        "max_ms": round(max(lasts), 1),
        "first_byte_ms": round(statistics.median(firsts), 1),
        "rows": rows,
        "streamed": response.streaming,
    }


# ---------------------------------------------------------------------------------------------------
# Throughput: gunicorn and Datasette, each loaded by wrk in turn.

WRK_SCRIPT = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = 0; hits = 0 end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
function response(status, headers, body)
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local e, hit = summary.errors, 0
  for _, thread in ipairs(threads) do hit = hit + thread:get("hits") end
  io.write(string.format('WRK {"requests": %%d, "seconds": %%f, "errors": %%d, "non_2xx": %%d, ' ..
    '"error_kinds": {"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}, ' ..
    '"cache_hits": %%d, "p50_ms": %%f, "p95_ms": %%f, "p99_ms": %%f}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout, e.status,
    e.connect, e.read, e.write, e.timeout, hit,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, path, timeout=60):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def load(port, paths, workdir, name, seconds, connections, wrk_script=WRK_SCRIPT, timeout=2):
    """wrk from its own process, cycling through the paths; requests/s, latency, errors, cache hits.
    An answer slower than `timeout` seconds counts as an error (wrk's default is 2)."""
    path_file = Path(workdir) / f"{name}.paths"
    path_file.write_text("\n".join(paths) + "\n")
    script = Path(workdir) / f"{name}.lua"
    script.write_text(wrk_script % {"paths": path_file})
    run = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            f"--timeout={timeout}s",
            "--latency",
            "-s",
            script,
            f"http://127.0.0.1:{port}",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in run.stdout.splitlines() if line.startswith("WRK "))
    result = json.loads(line[4:])
    result["requests_per_s"] = round(result["requests"] / result["seconds"], 1)
    result["cache_hit_ratio"] = round(result.pop("cache_hits") / max(1, result["requests"]), 3)
    result["p50_ms"] = round(result["p50_ms"], 1)
    result["p95_ms"] = round(result["p95_ms"], 1)
    result["p99_ms"] = round(result["p99_ms"], 1)
    result["distinct_urls"] = len(set(paths))
    return result


def visit_all(port, paths, passes, threads=4):
    """Ask for every path `passes` times, so that each gunicorn worker has likely made each page once."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def get(path):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
            response.read()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(get, paths * passes))


def peer_url(url):
    """The Datasette table page showing what this agreement browser URL shows, with the same facets."""
    from agreements.models import Topic
    from partners.models import City, Organization

    query = dict(parse_qsl(urlsplit(url).query))
    peer = []
    for name, value in query.items():
        if name == "party":
            peer.append(("parties__arraycontains", Organization.objects.get(slug=value).name))
        elif name == "topic":
            peer.append(("topics__arraycontains", Topic.objects.get(slug=value).name))
        elif name == "city":
            peer.append(("city", City.objects.get(slug=value).name))
        elif name == "signed_from":
            peer.append(("year__gte", value))
        elif name == "sort":
            peer.append(("_sort", value))
        elif name != "page":
            peer.append((name, value))
    return f"/peer/agreements?{DATASETTE_FACETS}&{urlencode(peer)}"


def throughput_phase(args, workdir):
    setup_django(args.database_url, args.index_dir)
    rng = random.Random(SEED + 2)
    urls = page_urls(rng, args.big, 200)
    detail = urls["agreement"] + urls["organization"] + urls["city"]
    rng.shuffle(detail)
    lists = urls["agreement list (2 filters, facets)"] + urls["agreement list (no filter, facets)"]
    rng.shuffle(lists)
    peer_lists = [peer_url(url) for url in lists]
    env = dict(
        os.environ,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only",
        DJANGO_SECURE_SSL="0",
        DATABASE_URL=args.database_url,
        SEARCH_INDEX_DIR=args.index_dir,
        DJANGO_LOG_LEVEL="WARNING",
    )
    subprocess.run([BIN / "python", "manage.py", "collectstatic", "--no-input", "-v0"], env=env, cwd=ROOT, check=True)
    results = {}
    for label, page_cache in (("page cache warm", "1"), ("every page made anew", "0")):
        port = free_port()
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "citykb.wsgi",
            ],
            env=dict(env, PAGE_CACHE=page_cache),
            cwd=ROOT,
        )
        try:
            wait_for(port, "/")
            # Warm: every page asked for before, as on a site whose data has not changed for a while.
            visit_all(port, lists + detail, passes=4 if page_cache == "1" else 1)
            results[f"CityKB agreement list (facets), {label}"] = load(
                port, lists, workdir, "list", args.seconds, args.connections
            )
            results[f"CityKB detail pages, {label}"] = load(
                port, detail, workdir, "detail", args.seconds, args.connections
            )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)

    port = free_port()
    peer = subprocess.Popen(
        [
            BIN / "datasette",
            "serve",
            args.peer_db,
            "--port",
            str(port),
            "--setting",
            "default_page_size",
            "50",
            # Our page suggests no facets; Datasette would spend time working out suggestions.
            "--setting",
            "suggest_facets",
            "off",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, "/peer/agreements?_size=1")
        visit_all(port, peer_lists, passes=1)
        results["Datasette table page (same facets and filters)"] = load(
            port, peer_lists, workdir, "datasette", args.seconds, args.connections
        )
    finally:
        peer.send_signal(signal.SIGTERM)
        peer.wait(30)
    return results


# ---------------------------------------------------------------------------------------------------


def print_table(result):
    print(f"\n{result['agreements']:,} agreements on SQLite — server time in one warm worker")
    print(f"{'page':<48} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for name, row in result["server"].items():
        print(f"{name:<48} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['max_ms']:>8} {row.get('queries_max', ''):>8}")
    export = result["server"]["CSV export, all agreements"]
    print(
        f"CSV export: {export['rows']:,} rows, first byte {export['first_byte_ms']} ms, streamed={export['streamed']}"
    )
    print(f"\nthroughput, wrk with {result['connections']} connections for {result['seconds']} s")
    print(f"{'server':<62} {'URLs':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'hits':>6}")
    for name, row in result["throughput"].items():
        errors = row["errors"] + row["non_2xx"]
        print(
            f"{name:<62} {row['distinct_urls']:>6} {row['requests_per_s']:>8} {row['p50_ms']:>8} "
            f"{row['p95_ms']:>8} {errors:>7} {row['cache_hit_ratio']:>6.0%}"
        )
    for label, ratio in result["list_vs_datasette"].items():
        print(f"CityKB list ({label}) / Datasette table page: {ratio}×")


def markdown_table(directory):
    lines = []
    for path in sorted(Path(directory).glob("pages-*.json")):
        result = json.loads(path.read_text())
        lines += [
            f"Server time, {result['agreements']:,} agreements on SQLite (one warm worker, distinct URLs):",
            "",
            "| page | p50 ms | p95 ms | max ms | SQL queries |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, row in result["server"].items():
            lines.append(
                f"| {name} | {row['p50_ms']} | {row['p95_ms']} | {row['max_ms']} | {row.get('queries_max', '–')} |"
            )
        lines += [
            "",
            f"Throughput (wrk, {result['connections']} connections, {result['seconds']} s each, same run):",
            "",
            "| server | distinct URLs | requests/s | p50 ms | p95 ms | errors | page cache hits |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, row in result["throughput"].items():
            errors = row["errors"] + row["non_2xx"]
            lines.append(
                f"| {name} | {row['distinct_urls']} | {row['requests_per_s']:,} | {row['p50_ms']} | {row['p95_ms']} "
                f"| {errors} | {row['cache_hit_ratio']:.0%} |"
            )
        lines.append("")
        for label, ratio in result["list_vs_datasette"].items():
            lines.append(f"CityKB list page ({label}) / Datasette table page: **{ratio}×**  ")
        lines.append("")
    return "\n".join(lines)


def child(args, phase):
    """Run a phase in a fresh process (as a server worker would be) and return its JSON."""
    command = [sys.executable, __file__, "--phase", phase, "--database-url", args.database_url]
    command += ["--index-dir", args.index_dir, "--big", args.big, "--samples", str(args.samples)]
    command += ["--peer-db", args.peer_db, "--seconds", str(args.seconds), "--connections", str(args.connections)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if run.returncode:
        sys.exit(f"{phase} phase failed:\n{run.stderr}")
    return json.loads(run.stdout.splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agreements", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=100, help="distinct URLs timed per page")
    parser.add_argument("--seconds", type=int, default=15, help="length of each throughput run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--table", metavar="DIR", help="print the README's table of the results in DIR, and stop")
    parser.add_argument("--phase", choices=["all", "server", "throughput"], default="all", help=argparse.SUPPRESS)
    for hidden in ("--database-url", "--index-dir", "--big", "--peer-db"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.table:
        print(markdown_table(args.table))
        return
    if args.phase != "all":
        workdir = tempfile.mkdtemp(prefix="citykb-pages-load-")
        phase = server_phase(args) if args.phase == "server" else throughput_phase(args, workdir)
        shutil.rmtree(workdir, ignore_errors=True)
        print(json.dumps(phase))
        return
    if not shutil.which("wrk"):
        sys.exit("The throughput part needs wrk: apt-get install wrk")

    workdir = tempfile.mkdtemp(prefix="citykb-pages-")
    database = f"{workdir}/bench.sqlite3"
    args.database_url, args.index_dir, args.peer_db = f"sqlite:///{database}", f"{workdir}/index", f"{workdir}/peer.db"
    setup_django(args.database_url, args.index_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    args.big = build_world(args.agreements).slug
    print(f"built {args.agreements:,} agreements in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    build_peer(database, args.peer_db)

    server = child(args, "server")
    throughput = child(args, "throughput")
    peer_rps = throughput["Datasette table page (same facets and filters)"]["requests_per_s"]
    result = {
        "agreements": args.agreements,
        "seconds": args.seconds,
        "connections": args.connections,
        "server": server,
        "throughput": throughput,
        "list_vs_datasette": {
            label: round(throughput[f"CityKB agreement list (facets), {label}"]["requests_per_s"] / peer_rps, 2)
            for label in ("page cache warm", "every page made anew")
        },
    }
    print_table(result)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
