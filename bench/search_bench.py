"""Search benchmark: build a synthetic corpus, index it, and time searches as the results page runs them.

    .venv/bin/python bench/search_bench.py --docs 10000 --backend whoosh --json bench/results/whoosh-10k.json
    .venv/bin/python bench/search_bench.py --docs 10000 --backend postgres --json bench/results/pg-10k.json
    .venv/bin/python bench/search_bench.py --docs 100000 --long-every 50 --backend whoosh
    .venv/bin/python bench/search_bench.py --table bench/results   # the README's table

The corpus is N press-release-like announcements (fixed seed): smart-city
vocabulary with a Zipf-like spread, names of cities and organizations, dates,
each citing one or two of the named cities and organizations, so documents
carry facets as the real ones do. The database is a fresh SQLite file
(whoosh) or a fresh PostgreSQL database (postgres) that the benchmark creates.

Measured: index build (docs/s, size), latency of at least 200 mixed queries
with snippets and facets (warm, in a separate process that opens the index
as a worker would: p50/p95/p99/max), the time from saving a record to finding
it, and the peak resident memory of that process.

Beside each backend, in the same process and query by query in turn, runs the
reference: SQLite FTS5 over the same documents (bm25, snippet(), facet counts
with GROUP BY; bench/fts5_reference.py). The machine's speed changes several
times over in an hour, so the targets that hold are ratios to it.
`--long-every 50` makes every 50th announcement 20-100 KB long, as reports and
transcripts in real corpora are: their snippets are the slow tail.
"""

import argparse
import itertools
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20161018
COMMON = (
    "smart city digital data network council partners agreement project innovation technology services "
    "infrastructure development citizens transport energy urban government mobile cloud platform sensors "
    "investment strategy residents public private partnership pilot trial deployment solutions programme "
    "connectivity broadband operators industry economy growth sustainable region local national global "
    "announced signed launched support research centre university companies leaders conference summit"
).split()
RARE = (
    "lidar microgrid geofencing telematics photovoltaic desalination biometric blockchain hydrogen "
    "autonomous drone kiosk streetlight parking waste flood air-quality noise heat-map tram metro "
    "bike-sharing e-government open-data hackathon incubator accelerator fintech edge-computing "
    "digital-twin cybersecurity satellite fibre femtocell narrowband lorawan zigbee mesh beacon"
).split()
# Words joined by - . ' & (found by their parts and their joined form, as real texts have them).
JOINED = (
    "ground-breaking city-wide Shenzhen-based state-owned fast-growing well-known Wi-Fi Node.js U.S. "
    "v2.1 O'Brien council's people's AT&T R&D M&A"
).split()
FILLER = (
    "the of and to in a for on with that by as is will be at from this its their which have has it was "
    "are an new more than over also been into about across first two three years said today"
).split()
SYLLABLES = "yin chu an ming ton kes bo ri lan vel dor ka sen hai mar qi zhou ber lin ro ma".split()
TOPICS = ["IoT", "5G", "big data", "cloud", "optical network", "smart lighting", "e-mobility", "open data"]
# Real press releases (the seeds: 334-535 words each, 463 distinct words in three) use far more words than the
# lists above. The running text draws, Zipf-like, from the smart-city words first, then every word of the seed
# announcements, then made-up words, so the vocabulary keeps growing with the corpus as a real one does.
SEED_TEXTS = sorted((ROOT / "fixtures" / "announcements").glob("*.txt"))
MADE_UP_WORDS = 20000


def vocabulary():
    """The words of the running text, most frequent first."""
    seen = set(FILLER)
    ranked = [word for word in COMMON if not (word in seen or seen.add(word))]
    seed_words = [word.lower() for path in SEED_TEXTS for word in re.findall(r"[A-Za-z][A-Za-z'-]+", path.read_text())]
    by_count = sorted(set(seed_words), key=lambda word: (-seed_words.count(word), word))
    ranked += [word for word in by_count if not (word in seen or seen.add(word))]
    rng = random.Random(SEED - 1)
    while len(ranked) < len(COMMON) + len(by_count) + MADE_UP_WORDS:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            ranked.append(word)
    return ranked


VOCABULARY = vocabulary()
# Zipf's law: the n-th most common word turns up 1/n as often as the first.
ZIPF = list(itertools.accumulate(1 / rank for rank in range(1, len(VOCABULARY) + 1)))


def names(rng, count, suffixes):
    seen = set()
    while len(seen) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        seen.add(f"{name} {rng.choice(suffixes)}".strip())
    return sorted(seen)


def words(rng, count):
    pool = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.45:
            pool.append(rng.choice(FILLER))
        elif roll < 0.93:
            pool.append(rng.choices(VOCABULARY, cum_weights=ZIPF)[0])
        elif roll < 0.985:
            pool.append(rng.choice(RARE))
        else:
            pool.append(rng.choice(JOINED))
    return pool


def announcement_text(rng, city, organization, partner, long=False):
    year = rng.randint(2012, 2024)
    kind = rng.choice(["strategic agreement", "memorandum of understanding", "three way agreement"])
    sentences = [
        f"{organization} and {partner} have signed a {kind} in {city}.",
        f"The deal was announced in {rng.choice(['January', 'March', 'June', 'September', 'late'])} {year}.",
    ]
    # 350-550 words, as the seed announcements have; a long one (a report, a transcript) 20-100 KB.
    sentence_count = rng.randint(200, 1000) if long else rng.randint(22, 36)
    for _ in range(sentence_count):
        sentence = " ".join(words(rng, rng.randint(8, 20)))
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
    sentences.append(f"The partners will focus on {rng.choice(TOPICS)} and {rng.choice(TOPICS)} in {city}.")
    return " ".join(sentences), year


def build_corpus(count, long_every=0):
    """Bulk-create the synthetic announcements with their cities, organizations and citations; every
    `long_every`-th announcement is a long one."""
    from agreements.models import Announcement, Citation
    from partners.models import City, Organization

    rng = random.Random(SEED)
    cities = City.objects.bulk_create(
        City(name=name, slug=f"bench-city-{i}", country="Benchland")
        for i, name in enumerate(names(rng, 300, ["", "City", "New Area"]))
    )
    organizations = Organization.objects.bulk_create(
        Organization(name=name, slug=f"bench-org-{i}", kind="company")
        for i, name in enumerate(names(rng, 500, ["Telecom", "Council", "Networks", "University", "Group"]))
    )
    batch = 2000
    for start in range(0, count, batch):
        rows, links = [], []
        for n in range(start, min(count, start + batch)):
            city, organization, partner = rng.choice(cities), rng.choice(organizations), rng.choice(organizations)
            long = bool(long_every) and n % long_every == long_every - 1
            body, year = announcement_text(rng, city.name, organization.name, partner.name, long)
            announcement = Announcement(
                title=f"{organization.name} and {partner.name} partner on {rng.choice(TOPICS)} in {city.name}",
                slug=f"bench-announcement-{n}",
                body=body,
                source_file=f"bench-{n}.txt",
            )
            announcement.published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            rows.append(announcement)
            links.append((city, organization))
        Announcement.objects.bulk_create(rows)
        saved = Announcement.objects.filter(slug__in=[row.slug for row in rows]).in_bulk(field_name="slug")
        citations = []
        for row, (city, organization) in zip(rows, links, strict=True):
            announcement = saved[row.slug]
            citations.append(announcement.cite(city.name))
            citations.append(announcement.cite(organization.name))
        Citation.objects.bulk_create(citations)
        stored = Citation.objects.filter(announcement__slug__in=[row.slug for row in rows])
        city_links, org_links = [], []
        by_name = {c.name: c for c in cities} | {o.name: o for o in organizations}
        for citation in stored:
            record = by_name.get(citation.quote)
            if isinstance(record, City):
                city_links.append(City.citations.through(city_id=record.pk, citation_id=citation.pk))
            elif record is not None:
                org_links.append(Organization.citations.through(organization_id=record.pk, citation_id=citation.pk))
        City.citations.through.objects.bulk_create(city_links)
        Organization.citations.through.objects.bulk_create(org_links)
    return cities, organizations


# Words of the running text by Zipf rank: at rank r a word is in about 20/r of the announcements, so the "common"
# ones (ranks 200-2,000) are each in 1-10 % of them and the "rare" ones (2,000-20,000) in 0.1-1 %: at 100,000
# announcements a median query matches a few hundred, as on a real-text corpus, where the smart-city lists' words
# are each in about 4 of 10.
QUERY_WORDS = {"smart-city": (COMMON, RARE), "zipf": (VOCABULARY[200:2000], VOCABULARY[2000:20000])}


def query_set(rng, cities, organizations, query_words="smart-city"):
    """At least 200 mixed queries: common and rare words, AND, phrases, prefixes, field filters. Their words are
    the smart-city lists (in 4 of 10 announcements each), or, for "zipf", words of the running text by rank
    (QUERY_WORDS)."""
    common, rare = QUERY_WORDS[query_words]
    queries = []
    queries += [rng.choice(common[:15]) for _ in range(40)]
    queries += [rng.choice(rare) for _ in range(30)]
    queries += [f"{rng.choice(common)} {rng.choice(common)}" for _ in range(30)]
    queries += [f"{rng.choice(common)} {rng.choice(rare)}" for _ in range(15)]
    queries += [f'"{a} {b}"' for a, b in zip(rng.sample(common, 15), rng.sample(common, 15), strict=True)]
    queries += ['"smart city"', '"strategic agreement"', '"memorandum of understanding"']
    queries += [f"{w[:4]}*" for w in rng.sample(common, 10)] + [f"{w[:5]}*" for w in rng.sample(rare, 5)]
    queries += [f'city:"{rng.choice(cities)}" {rng.choice(common)}' for _ in range(15)]
    queries += [f'org:"{rng.choice(organizations)}"' for _ in range(10)]
    queries += [f"type:announcement year:{rng.randint(2012, 2024)} {rng.choice(common)}" for _ in range(10)]
    queries += [f"{rng.choice(common)} -{rng.choice(common)}" for _ in range(8)]
    queries += [f"{rng.choice(common)} OR {rng.choice(rare)}" for _ in range(8)]
    queries += [f"{rng.choice(rare)[:-1]}x~" for _ in range(5)]
    queries += [rng.choice(cities).split()[0] for _ in range(6)]
    return queries


def warm_up_queries(measured, corpus):
    """Queries of the measured mix, as many, none of them one of the measured queries."""
    rng, warm = random.Random(SEED + 1), []
    while len(warm) < len(measured):
        batch = query_set(rng, corpus["cities"], corpus["organizations"], corpus["query_words"])
        warm += [text for text in batch if text not in set(measured)]
    return warm[: len(measured)]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def peak_rss_mb():
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    from the parent into a child process, so a worker would report the builder's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def setup_django(args):
    os.environ["DJANGO_SETTINGS_MODULE"] = "citykb.settings"
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["SEARCH_BACKEND"] = args.backend
    os.environ["SEARCH_INDEX_DIR"] = args.index_dir
    # Every query is run by the engine: a search asked again would otherwise be read from the cache.
    os.environ["PAGE_CACHE"] = "0"
    import django

    django.setup()
    # DEBUG keeps every query in memory; a benchmark must not.
    from django.conf import settings

    settings.DEBUG = False


def index_size_mb(args):
    if args.backend == "whoosh":
        total = sum(f.stat().st_size for f in Path(args.index_dir).rglob("*") if f.is_file())
        return round(total / 2**20, 1)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('search_searchdocument')")
        return round(cursor.fetchone()[0] / 2**20, 1)


def build_phase(args):
    setup_django(args)
    from django.core.management import call_command

    from search.indexing import rebuild
    from search.models import PendingIndexUpdate

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    cities, organizations = build_corpus(args.docs, args.long_every)
    corpus_s = time.perf_counter() - started
    PendingIndexUpdate.objects.all().delete()
    started = time.perf_counter()
    indexed = rebuild()
    build_s = time.perf_counter() - started
    return {
        **corpus_words(),
        "corpus_s": round(corpus_s, 1),
        "indexed_docs": indexed,
        "build_s": round(build_s, 2),
        "build_docs_per_s": round(indexed / build_s, 1),
        "index_mb": index_size_mb(args),
        "build_peak_rss_mb": peak_rss_mb(),
        # Whoosh builds a large index in two writer processes; their peak is the build's real cost.
        "build_writers_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "cities": [c.name for c in cities],
        "organizations": [o.name for o in organizations],
    }


def corpus_words():
    """How long the announcements are and how many distinct words they use, beside the seed announcements."""
    from django.db.models import Max
    from django.db.models.functions import Length

    from agreements.models import Announcement

    def words(text):
        return [word.lower() for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text)]

    bodies = [words(body) for body in Announcement.objects.order_by("pk").values_list("body", flat=True)]
    lengths = sorted(len(body) for body in bodies)
    longest = Announcement.objects.aggregate(longest=Max(Length("body")))["longest"]
    seeds = [words(path.read_text()) for path in SEED_TEXTS]
    return {
        "words_per_doc": [lengths[0], round(statistics.median(lengths)), lengths[-1]],
        "longest_doc_kb": round(longest / 1024, 1),
        "distinct_words_in_3_docs": len(set().union(*map(set, bodies[:3]))),
        "distinct_words": len(set().union(*map(set, bodies))),
        "seed_words_per_doc": sorted(len(seed) for seed in seeds),
        "seed_distinct_words": len(set().union(*map(set, seeds))),
    }


def query_phase(args):
    """In a fresh process, as a worker: open the index, run the queries warm, then time saves."""
    setup_django(args)
    from django.db import transaction

    from agreements.models import Announcement
    from bench.fts5_reference import Fts5Reference
    from search import query as q
    from search.backends.base import SearchOptions
    from search.searching import resolve_filters, run_search

    corpus = json.loads(Path(args.corpus).read_text())
    queries = query_set(random.Random(SEED), corpus["cities"], corpus["organizations"], corpus["query_words"])
    reference = Fts5Reference(Path(args.corpus).with_name("reference.sqlite3"))
    reference_docs, reference_build_s = reference.build()

    def reference_search(text):
        return reference.search(resolve_filters(q.parse(text).tree, []))

    # Warm up as a worker that has served traffic: other queries of the same mix, so the index is open and
    # common words are cached, but no measured query has run before (the same mix draws some queries twice).
    for text in warm_up_queries(queries, corpus):
        run_search(text, SearchOptions())
        reference_search(text)
    # Each query runs on the backend and on the reference in turn, each first every other time, so that the
    # machine's changing speed weighs on both alike.
    latencies, reference_latencies, counts, reference_counts, partial = [], [], [], [], 0
    for n, text in enumerate(queries):
        for engine in ("backend", "reference") if n % 2 else ("reference", "backend"):
            started = time.perf_counter()
            if engine == "backend":
                page = run_search(text, SearchOptions())
                latencies.append((time.perf_counter() - started) * 1000)
            else:
                reference_counts.append(reference_search(text)[0])
                reference_latencies.append((time.perf_counter() - started) * 1000)
        counts.append(page.results.count)
        partial += page.results.partial
    saves = []
    announcements = list(Announcement.objects.order_by("?")[:20])
    for n, announcement in enumerate(announcements):
        token = f"zqxbench{n}token"
        started = time.perf_counter()
        with transaction.atomic():
            announcement.body = f"{announcement.body} {token}"
            announcement.save()
        while not run_search(token, SearchOptions()).results.count:
            time.sleep(0.005)
        saves.append((time.perf_counter() - started) * 1000)
    slowest = sorted(zip(latencies, queries, strict=True), reverse=True)[:5]
    return {
        "queries": len(queries),
        "query_p50_ms": round(statistics.median(latencies), 1),
        "query_p95_ms": round(percentile(latencies, 0.95), 1),
        "query_p99_ms": round(percentile(latencies, 0.99), 1),
        "query_max_ms": round(max(latencies), 1),
        "reference_p50_ms": round(statistics.median(reference_latencies), 1),
        "reference_p95_ms": round(percentile(reference_latencies, 0.95), 1),
        "reference_p99_ms": round(percentile(reference_latencies, 0.99), 1),
        "p50_ratio_to_reference": round(statistics.median(latencies) / statistics.median(reference_latencies), 2),
        "p95_ratio_to_reference": round(percentile(latencies, 0.95) / percentile(reference_latencies, 0.95), 2),
        "reference_build_docs_per_s": round(reference_docs / reference_build_s, 1),
        "partial_results": partial,
        "median_hits": statistics.median(counts),
        "reference_median_hits": statistics.median(reference_counts),
        "slowest": [{"query": q, "ms": round(ms, 1)} for ms, q in slowest],
        "save_to_visible_ms": round(percentile(saves, 0.95), 1),
        "save_to_visible_p50_ms": round(statistics.median(saves), 1),
        "peak_rss_mb": peak_rss_mb(),
    }


def fresh_database(backend, workdir):
    if backend == "whoosh":
        return f"sqlite:///{workdir}/bench.sqlite3"
    import psycopg2

    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS citykb_bench WITH (FORCE)")
        cursor.execute("CREATE DATABASE citykb_bench")
    admin.close()
    return "postgres://postgres@127.0.0.1:5432/citykb_bench"


LATENCIES = ("query_p50_ms", "query_p95_ms", "query_p99_ms", "query_max_ms")


# The targets at 100,000 announcements (bench/README.md); smaller runs are printed beside them too.
TARGETS = {
    "whoosh": {
        "build_docs_per_s": ("≥", 1200),
        "query_p95_ms": ("≤", 60),
        "p95_ratio_to_reference": ("≤", 2),
        "query_p99_ms": ("≤", 200),
        "query_max_ms": ("≤", 1000),
        "save_to_visible_ms": ("≤", 250),
        "peak_rss_mb": ("≤", 300),
    },
    "postgres": {"query_p95_ms": ("≤", 40), "p95_ratio_to_reference": ("≤", 2)},
}


def target(result, key):
    """ "target ≤ 60: met" (or "NOT met"), or "" for a measure without a target."""
    if key not in TARGETS[result["backend"]]:
        return ""
    sign, limit = TARGETS[result["backend"]][key]
    met = result[key] >= limit if sign == "≥" else result[key] <= limit
    return f"target {sign} {limit:,} at 100,000: {'met' if met else 'NOT met'}"


def print_table(result):
    rows = [
        ("backend", result["backend"], ""),
        ("documents", result["docs"], ""),
        (
            "words per document min / median / max",
            " / ".join(map(str, result["words_per_doc"])) + f" (longest {result['longest_doc_kb']} KB)",
            f"seeds: {', '.join(map(str, result['seed_words_per_doc']))}",
        ),
        (
            "distinct words, first 3 documents / all",
            f"{result['distinct_words_in_3_docs']} / {result['distinct_words']:,}",
            f"seeds: {result['seed_distinct_words']} in 3",
        ),
        ("build", f"{result['build_docs_per_s']} docs/s ({result['build_s']} s)", target(result, "build_docs_per_s")),
        ("index size", f"{result['index_mb']} MB", ""),
        ("queries", f"{result['queries']} (none of them in the warm-up)", ""),
    ]
    rows += [(f"query {key.split('_')[1]}", f"{result[key]} ms", target(result, key)) for key in LATENCIES]
    rows += [
        (
            "SQLite FTS5 p50 / p95 / p99",
            f"{result['reference_p50_ms']} / {result['reference_p95_ms']} / {result['reference_p99_ms']} ms",
            "the reference, same process, interleaved",
        ),
        ("p50 ÷ FTS5 p50", f"{result['p50_ratio_to_reference']}×", ""),
        ("p95 ÷ FTS5 p95", f"{result['p95_ratio_to_reference']}×", target(result, "p95_ratio_to_reference")),
        ("FTS5 build", f"{result['reference_build_docs_per_s']} docs/s", ""),
        ("median hits, backend / FTS5", f"{result['median_hits']} / {result['reference_median_hits']}", ""),
    ]
    rows += [
        ("partial results", result["partial_results"], ""),
        (
            "save to visible p50 / p95",
            f"{result['save_to_visible_p50_ms']} / {result['save_to_visible_ms']} ms",
            target(result, "save_to_visible_ms"),
        ),
        ("peak RSS worker", f"{result['peak_rss_mb']} MB", target(result, "peak_rss_mb")),
        (
            "peak RSS build / build writers",
            f"{result['build_peak_rss_mb']} / {result['build_writers_peak_rss_mb']} MB",
            "",
        ),
    ]
    width = max(len(label) for label, _value, _target in rows)
    value_width = max(len(str(value)) for _label, value, _target in rows)
    for label, value, goal in rows:
        print(f"{label:<{width}}  {value!s:<{value_width}}  {goal}".rstrip())
    print("slowest:", ", ".join(f"{s['query']!r} {s['ms']} ms" for s in result["slowest"]))


def markdown_table(directory):
    """The README's table: one row per result file in the directory, by backend and size."""
    results = [json.loads(path.read_text()) for path in Path(directory).glob("search-*.json")]
    columns = [
        ("backend", "backend", "{}"),
        ("announcements", "docs", "{:,}"),
        ("every n-th long", "long_every", "{}"),
        ("query words", "query_words", "{}"),
        ("documents indexed", "indexed_docs", "{:,}"),
        ("build docs/s", "build_docs_per_s", "{:,.0f}"),
        ("index MB", "index_mb", "{}"),
        ("p50 ms", "query_p50_ms", "{}"),
        ("p95 ms", "query_p95_ms", "{}"),
        ("FTS5 p95 ms", "reference_p95_ms", "{}"),
        ("p95 ÷ FTS5", "p95_ratio_to_reference", "{}×"),
        ("p99 ms", "query_p99_ms", "{}"),
        ("max ms", "query_max_ms", "{}"),
        ("partial", "partial_results", "{}"),
        ("save→visible p95 ms", "save_to_visible_ms", "{}"),
        ("worker peak RSS MB", "peak_rss_mb", "{}"),
        ("build writers peak RSS MB", "build_writers_peak_rss_mb", "{}"),
    ]
    lines = [
        "| " + " | ".join(title for title, _key, _format in columns) + " |",
        "|---|" + "---:|" * (len(columns) - 1),
    ]
    for result in sorted(results, key=lambda r: (r["backend"], r.get("query_words", "smart-city"), r["docs"])):
        cells = [fmt.format(result[key]) if key in result else "–" for _title, key, fmt in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="number of synthetic announcements")
    parser.add_argument("--backend", choices=["whoosh", "postgres"], default="whoosh")
    parser.add_argument(
        "--long-every", type=int, default=0, metavar="N", help="make every N-th announcement 20-100 KB long"
    )
    parser.add_argument(
        "--query-words",
        choices=sorted(QUERY_WORDS),
        default="smart-city",
        help="the queries' words: the smart-city lists (each in 4 of 10 announcements) or words of the text by rank",
    )
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--table", metavar="DIR", help="print the README's table of the results in DIR, and stop")
    parser.add_argument("--phase", choices=["all", "build", "query"], default="all", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--index-dir", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.table:
        print(markdown_table(args.table))
        return
    if args.phase == "query":
        print(json.dumps(query_phase(args)))
        return
    workdir = tempfile.mkdtemp(prefix="citykb-bench-")
    args.index_dir = args.index_dir or f"{workdir}/index"
    args.database_url = args.database_url or fresh_database(args.backend, workdir)
    build = build_phase(args)
    corpus = Path(workdir) / "corpus.json"
    names = {"cities": build.pop("cities"), "organizations": build.pop("organizations")}
    corpus.write_text(json.dumps({**names, "query_words": args.query_words}))
    query = subprocess.run(
        [
            sys.executable,
            __file__,
            "--phase",
            "query",
            "--backend",
            args.backend,
            "--docs",
            str(args.docs),
            "--database-url",
            args.database_url,
            "--index-dir",
            args.index_dir,
            "--corpus",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    measured = json.loads(query.stdout.splitlines()[-1])
    result = {
        "backend": args.backend,
        "docs": args.docs,
        "long_every": args.long_every,
        "query_words": args.query_words,
        **build,
        **measured,
    }
    print_table(result)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
