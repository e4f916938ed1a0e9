"""Relevance benchmark: does a search put the right records first, on each backend?

    .venv/bin/python bench/relevance.py                                # both backends
    .venv/bin/python bench/relevance.py --backend whoosh --json bench/results/relevance.json

The corpus is the seed records (fixtures/) and the thirteen development announcements
(tests/data/ingest/*.txt, imported as `manage.py import_announcement` imports them), in a fresh
database per backend (SQLite for Whoosh, a PostgreSQL database the benchmark creates).
bench/relevance.json holds the queries, each with the results that must be in the top 3 and the
top 10. For each backend it measures:

  top 3    the share of queries whose top-3 results are all in the first three hits (target ≥ 95 %)
  top 10   the share whose top-3 and top-10 results are all in the first ten hits
  nDCG@10  results that must be in the top 3 count 2, those for the top 10 count 1

and prints a table and each query that missed.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = ROOT / "bench" / "relevance.json"
ANNOUNCEMENTS = sorted((ROOT / "tests" / "data" / "ingest").glob("*.txt"))
TARGET_TOP3 = 0.95
DATABASE = "citykb_relevance"


def load_cases(path=CASES):
    return json.loads(Path(path).read_text())["cases"]


def gains(case):
    """{key: gain}: 2 for a result that must be in the top 3, 1 for one that must be in the top 10."""
    found = {key: 1 for key in case["top10"]}
    found.update({key: 2 for key in case["top3"]})
    return found


def ndcg_at_10(found, case):
    wanted = gains(case)
    dcg = sum(wanted.get(key, 0) / math.log2(rank + 2) for rank, key in enumerate(found[:10]))
    ideal = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(sorted(wanted.values(), reverse=True)[:10]))
    return dcg / ideal if ideal else 1.0


def judge(case, found):
    """How one query did, given the keys of its hits in order."""
    return {
        "query": case["query"],
        "top3": all(key in found[:3] for key in case["top3"]),
        "top10": all(key in found[:10] for key in [*case["top3"], *case["top10"]]),
        "ndcg10": round(ndcg_at_10(found, case), 4),
        "missing": [key for key in case["top3"] if key not in found[:3]]
        + [key for key in case["top10"] if key not in found[:10]],
        "found": found[:10],
    }


def run_cases(cases):
    """Judge every case with the configured backend (Django set up, the index built)."""
    from search.backends.base import SearchOptions
    from search.searching import run_search

    judged = []
    for case in cases:
        hits = run_search(case["query"], SearchOptions()).results.hits
        # Records are named by type:slug, which do not depend on the order they were loaded in.
        judged.append(judge(case, [f"{hit.type}:{hit.slug}" for hit in hits]))
    return judged


def summary(judged):
    count = len(judged) or 1
    return {
        "queries": len(judged),
        "top3": round(sum(j["top3"] for j in judged) / count, 4),
        "top10": round(sum(j["top10"] for j in judged) / count, 4),
        "ndcg10": round(sum(j["ndcg10"] for j in judged) / count, 4),
    }


def load_corpus():
    """The seed records and the development announcements, indexed."""
    from django.core.management import call_command

    from agreements.imports.ingestion import import_file
    from agreements.loading import load_fixtures
    from search.indexing import rebuild

    call_command("migrate", verbosity=0)
    load_fixtures()
    for path in ANNOUNCEMENTS:
        import_file(path)
    rebuild()


def child(args):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="citykb.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=args.database_url,
        SEARCH_BACKEND=args.child,
        SEARCH_INDEX_DIR=args.index_dir,
        PAGE_CACHE="0",
    )
    import django

    django.setup()
    load_corpus()
    judged = run_cases(load_cases(args.cases))
    Path(args.out).write_text(json.dumps(judged))


def fresh_database(backend, workdir):
    if backend == "whoosh":
        return f"sqlite:///{workdir}/relevance.sqlite3"
    import psycopg2

    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    admin.close()
    return f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


def measure(backend, cases_path):
    with tempfile.TemporaryDirectory(prefix=f"relevance-{backend}-") as workdir:
        out = Path(workdir) / "judged.json"
        command = [
            sys.executable,
            __file__,
            "--child",
            backend,
            "--database-url",
            fresh_database(backend, workdir),
            "--index-dir",
            str(Path(workdir) / "index"),
            "--cases",
            str(cases_path),
            "--out",
            str(out),
        ]
        subprocess.run(command, check=True, cwd=ROOT)
        return json.loads(out.read_text())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["whoosh", "postgres", "both"], default="both")
    parser.add_argument("--cases", default=str(CASES), help="The relevance set (JSON).")
    parser.add_argument("--json", default=str(ROOT / "bench" / "results" / "relevance.json"), help="Results file.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--index-dir", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    backends = ["whoosh", "postgres"] if args.backend == "both" else [args.backend]
    results = {}
    for backend in backends:
        judged = measure(backend, args.cases)
        results[backend] = {**summary(judged), "missed": [j for j in judged if not (j["top3"] and j["top10"])]}
    print(f"{'backend':<10} {'queries':>7} {'top 3':>7} {'top 10':>7} {'nDCG@10':>8}")
    for backend, result in results.items():
        print(
            f"{backend:<10} {result['queries']:>7} {result['top3']:>7.1%} {result['top10']:>7.1%} "
            f"{result['ndcg10']:>8.3f}"
        )
    for backend, result in results.items():
        for missed in result["missed"]:
            print(
                f"  {backend}: “{missed['query']}” {'top 10' if missed['top3'] else 'top 3'} missed "
                f"{', '.join(missed['missing'])}; found {', '.join(missed['found'][:4])}"
            )
    Path(args.json).write_text(json.dumps({"target_top3": TARGET_TOP3, **results}, indent=1, ensure_ascii=False))
    return 0 if all(result["top3"] >= TARGET_TOP3 for result in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
