"""How long the entity linker takes, by the size of the text: it must grow in step with the text.

    .venv/bin/python bench/linker_bench.py --json bench/results/linker.json
    .venv/bin/python bench/linker_bench.py --names 100000 --sizes 20000 2000000

In a fresh SQLite database (a temporary file) with the seed fixtures and `--names` made-up organizations
(each with an alias), links texts of each size in `--sizes` (characters) and prints the seconds each took:
press-release prose of our own (bench/search_bench.py's names and words, agreement sentences, dates and
amounts), and two texts made to be hard — a sentence about an amount in a known city, repeated, and a long
run of capitalised words, which a backtracking pattern took minutes over. Targets (on a 2-core machine):
20 KB in under 1 s, 2 MB in under 5 s; and the time per character about the same from the smallest text to
the largest (the "per KB" column), which is what "linear in the text" means.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import names, words  # noqa: E402

TARGET_SECONDS = {20_000: 1.0, 2_000_000: 5.0}


def prose(rng, size, organizations):
    """Press-release prose of about `size` characters that names known organizations and new ones."""
    parts, length = [], 0
    while length < size:
        first, second = rng.sample(organizations, 2)
        sentence = rng.choice(
            [
                f"{first} and {second} signed a memorandum of understanding in Yinchuan on 18 October 2017.",
                f"Under the agreement, {first} will invest close to £1 million in Chengdu by late 2018.",
                f"The Qiming Lanvel Technologies team met the Milton Keynes Council and {second} in March 2016.",
                " ".join(words(rng, rng.randint(8, 20))).capitalize() + ".",
            ]
        )
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)[:size]


def organization_names(rng, count):
    """`count` made-up organization names: one or two made-up words and, mostly, a suffix."""
    words = names(rng, 3000, [""])
    suffixes = ["Technologies", "Networks", "Group", "Council", "Systems", "", ""]
    made = set()
    while len(made) < count:
        made.add(" ".join([*rng.sample(words, rng.randint(1, 2)), rng.choice(suffixes)]).strip())
    return sorted(made)


def texts(rng, size, organizations):
    return {
        "prose": prose(rng, size, organizations),
        "amounts in a known city": ("$1 in Chengdu. " * (size // 15 + 1))[:size],
        "capitalised words": ("Aa " * (size // 3 + 1))[:size],
    }


def setup(database, count):
    os.environ.update(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{database}", PAGE_CACHE="0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citykb.settings")
    os.environ.setdefault("SEARCH_INDEX_DIR", str(Path(database).parent / "index"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    call_command("load_initial_data", verbosity=0)
    from citykb.core.caching import new_data_version
    from partners.models import Organization, OrganizationAlias

    rng = random.Random(7)
    made = organization_names(rng, count)
    # bulk_create sends no signals: the names are all the linker needs, not their search documents.
    created = Organization.objects.bulk_create(
        Organization(name=name, slug=f"bench-{n}") for n, name in enumerate(made)
    )
    OrganizationAlias.objects.bulk_create(
        OrganizationAlias(organization=organization, name=f"{organization.name} Ltd") for organization in created
    )
    new_data_version()
    return made


def link_seconds(text):
    from agreements.imports.linking import suggestions_for
    from agreements.models import Announcement, ImportReport

    started = time.perf_counter()
    found = suggestions_for(Announcement(title="Bench", slug="bench", body=text), ImportReport())
    return time.perf_counter() - started, len(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--names", type=int, default=100_000, help="made-up organizations the linker knows")
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000, 200_000, 2_000_000])
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="citykb-linker-") as workdir:
        organizations = setup(Path(workdir) / "bench.sqlite3", args.names)
        started = time.perf_counter()
        link_seconds("Warm-up: ZTE and Nokia.")  # reads the known names and builds the automaton once
        warm_up = time.perf_counter() - started
        rng = random.Random(11)
        rows = []
        for size in args.sizes:
            for kind, text in texts(rng, size, organizations).items():
                seconds, found = link_seconds(text)
                rows.append(
                    {
                        "text": kind,
                        "characters": len(text),
                        "seconds": round(seconds, 3),
                        "ms_per_kb": round(seconds * 1000 / (len(text) / 1000), 3),
                        "suggestions": found,
                        "target_seconds": TARGET_SECONDS.get(size),
                    }
                )
    print(f"{args.names:,} made-up organizations known; reading them and building the matcher took {warm_up:.1f} s")
    print("| text | characters | seconds | ms per KB | suggestions | target |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        target = f"< {row['target_seconds']:g} s" if row["target_seconds"] else ""
        print(
            f"| {row['text']} | {row['characters']:,} | {row['seconds']} | {row['ms_per_kb']} | {row['suggestions']:,}"
            f" | {target} |"
        )
    if args.json:
        result = {"names": args.names, "matcher_build_s": round(warm_up, 2), "runs": rows}
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
