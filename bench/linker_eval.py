"""How well the linker finds what a press release names: precision and recall per category.

    .venv/bin/python bench/linker_eval.py --json bench/results/linker-eval.json

Two sets of answers: tests/data/ingest/ (press releases written for it, each with a key of what an editor
would record: organizations, people, cities, agreements with their parties, dates, amounts) and the three
seed announcements, whose curated fixtures say what an editor made of them. Each text goes through
`import_announcement --dry-run` (nothing stored) in a fresh SQLite database: the seeds with no record
known yet, as when they were new; the development set with the seed records known, which some of its texts
name. Scores are counted over all the texts of a set:

- a record of the key is found (recall) when a suggestion of its kind gives its name or one of its aliases
  (ignoring case and accents); a suggestion is right (precision) when it names a record of the key;
- a country is found when a suggestion names it, however ISO 3166 spells it ("Czech Republic", "Czechia");
  the seed fixtures record no countries, so that row counts the development set only;
- an agreement is found when a suggestion names exactly its parties; a date when one has its value (ISO
  8601, as precise as stated); an amount when one gives its words.

Targets for each set: recall ≥ 0.85 and precision ≥ 0.8 for organizations, people, cities, agreements and
dates.
"""

import argparse
import io
import json
import os
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEVELOPMENT_SET = ROOT / "tests" / "data" / "ingest"
# Press releases written after the linker was, in the same style and key format: never tuned against.
HELD_OUT_SET = ROOT / "tests" / "data" / "held-out"
SEEDS = ROOT / "fixtures"
CATEGORIES = ["organizations", "people", "cities", "countries", "events", "agreements", "dates", "amounts"]
TARGETS = {"organizations": (0.8, 0.85), "people": (0.8, 0.85), "cities": (0.8, 0.85)}
TARGETS |= {"agreements": (0.8, 0.85), "dates": (0.8, 0.85)}
# The dates an editor recorded from a seed announcement: every dated field of a record citing it.
RECORDED_DATES = {
    "agreements.agreement": ["signed"],
    "agreements.event": ["held"],
    "agreements.initiative": ["announced", "started"],
}
SUGGESTED_AS = {"organizations": "organization", "people": "person", "cities": "city", "events": "event"}


def fold(text):
    from agreements.mentions import fold as fold_letters

    return " ".join(fold_letters(text).split())


def development_keys(names=None, folder=DEVELOPMENT_SET):
    """[(text file, key)] of the development set (or another folder of texts and keys), or of the texts named."""
    texts = sorted(folder.glob("*.txt"))
    if names:
        texts = [text for text in texts if text.stem in names]
    return [(text, json.loads(text.with_suffix(".json").read_text())) for text in texts]


def seed_keys():
    """[(text file, key)] of the seed announcements, the key read from the curated fixtures."""
    from citykb.core.dates import FuzzyDate

    records = [record for name in ("partners", "agreements", "announcements") for record in _fixture(name)]
    by_model = defaultdict(list)
    for record in records:
        by_model[record["model"]].append(record["fields"])
    aliases = defaultdict(list)
    for model, owner in (("partners.organizationalias", "organization"), ("partners.cityalias", "city")):
        for alias in by_model[model]:
            aliases[(owner, alias[owner][0])].append(alias["name"])
    for alias in by_model["partners.personalias"]:
        aliases[("person", alias["person"][0])].append(alias["name"])
    names = {}
    for kind in ("organization", "city", "person"):
        for fields in by_model[f"partners.{kind}"]:
            names[(kind, fields["slug"])] = fields["name"]
    keys = []
    for announcement in by_model["agreements.announcement"]:
        slug = announcement["slug"]

        def cites(fields, slug=slug):
            return any(citation[0] == slug for citation in fields.get("citations", []))

        key = {category: [] for category in CATEGORIES if category != "countries"}
        for kind, category in (("organization", "organizations"), ("city", "cities"), ("person", "people")):
            for fields in by_model[f"partners.{kind}"]:
                if cites(fields):
                    key[category].append({"name": fields["name"], "aliases": aliases[(kind, fields["slug"])]})
        key["events"] = [{"name": fields["name"]} for fields in by_model["agreements.event"] if cites(fields)]
        agreements = {fields["slug"]: fields for fields in by_model["agreements.agreement"] if cites(fields)}
        for agreement_slug in agreements:
            parties = [
                names[("organization", party["organization"][0])]
                if party["organization"]
                else names[("city", party["city"][0])]
                for party in by_model["agreements.agreementparty"]
                if party["agreement"][0] == agreement_slug and party["role"] == "signatory"
            ]
            key["agreements"].append({"parties": parties})
        for model, dated in RECORDED_DATES.items():
            for fields in (fields for fields in by_model[model] if cites(fields)):
                for field in (field for field in dated if fields[f"{field}_start"]):
                    stated = FuzzyDate(date.fromisoformat(fields[f"{field}_start"]), fields[f"{field}_precision"])
                    key["dates"].append({"value": stated.iso()})
        if announcement["published_start"]:
            start = date.fromisoformat(announcement["published_start"])
            published = FuzzyDate(start, announcement["published_precision"])
            key["dates"].append({"value": published.iso()})
        for figure in by_model["agreements.statedfigure"]:
            if cites(figure) and len(figure["unit"]) == 3 and figure["unit"].isupper():  # a currency code
                key["amounts"].append({"text": figure["as_stated"]})
        keys.append((SEEDS / "announcements" / announcement["source_file"], key))
    return keys


def _fixture(name):
    return json.loads((SEEDS / f"{name}.json").read_text())


def found_in(path):
    """What a dry run of the file suggests, by category: names, party lists, date values, amounts."""
    from agreements.imports.dry_run import dry_run

    suggestions = dry_run(path).get("suggestions", [])
    found = {category: [] for category in [*CATEGORIES, "agreement details"]}
    for suggestion in suggestions:
        kind = suggestion["kind"]
        for category, suggested_as in SUGGESTED_AS.items():
            if kind == suggested_as:
                found[category].append(suggestion["name"])
        if kind == "agreement":
            found["agreements"].append(suggestion["parties"])
            found["agreement details"].append(suggestion)
        elif kind == "date" and suggestion.get("value"):
            found["dates"].append(suggestion["value"])
        elif kind == "amount":
            found["amounts"].append(suggestion["name"])
        elif kind == "country":
            found["countries"].append(suggestion["name"])
    return found


def score(pairs):
    """{category: {key, found, right, recalled, precision, recall}} over (text, key) pairs, and under "details" how
    often an agreement found with the right parties has the right kind, signing date, place, scope and signatories."""
    counts = {category: defaultdict(int) for category in CATEGORIES}
    details = defaultdict(int)
    for path, key in pairs:
        found = found_in(path)
        _count_details(details, key, found["agreement details"])
        for category in CATEGORIES:
            if category not in key:
                continue
            right, recalled, suggested, expected = _compare(category, key.get(category, []), found[category], key)
            counts[category]["key"] += expected
            counts[category]["found"] += suggested
            counts[category]["right"] += right
            counts[category]["recalled"] += recalled
    return {
        category: {
            **count,
            "precision": round(count["right"] / count["found"], 2) if count["found"] else None,
            "recall": round(count["recalled"] / count["key"], 2) if count["key"] else None,
        }
        for category, count in counts.items()
    } | {"details": dict(details)}


# What an agreement's details are compared by: as the dry run and the key give them, each made comparable.
DETAILS = {
    "kind": ("agreement_kind", "kind", lambda value: value),
    "signed": ("signed", "signed", lambda value: value),
    "place": ("place", "place", lambda value: fold(value) if value else None),
    "scope": ("scope", "scope", lambda items: sorted(fold(item) for item in items)),
    "people": ("people", "people", lambda names: sorted(fold(name) for name in names)),
}


def _count_details(details, key, suggestions):
    """Add to `details` {field: right} and "matched" for the key's agreements found with their parties."""
    canonical = _canonical_names(key)

    def parties_of(names):
        return frozenset(canonical.get(fold(name), fold(name)) for name in names)

    def right_fields(suggestion, agreement):
        said = {field: suggestion.get(suggested_as) for field, (suggested_as, _keyed, _c) in DETAILS.items()}
        said["people"] = [canonical.get(fold(name), name) for name in said["people"]]
        return [field for field, (_s, keyed_as, comparable) in DETAILS.items()
                if comparable(said[field]) == comparable(agreement[keyed_as])]  # fmt: skip

    by_parties = defaultdict(list)  # an agreement and its renewal may have the same parties
    for suggestion in suggestions:
        by_parties[parties_of(suggestion["parties"])].append(suggestion)
    for agreement in (agreement for agreement in key.get("agreements", []) if "kind" in agreement):
        alike = by_parties[parties_of(agreement["parties"])]
        if not alike:
            continue
        best = max(alike, key=lambda suggestion: len(right_fields(suggestion, agreement)))
        alike.remove(best)
        details["matched"] += 1
        for field in right_fields(best, agreement):
            details[field] += 1


def _compare(category, expected, found, key):
    """(suggestions that are right, expected items found, distinct suggestions, expected items) for one text and
    one category. Dates, amounts and countries count each value once (a seed's event and signing may share a month);
    a date no reader could resolve (null) counts not."""
    if category in SUGGESTED_AS:
        spellings = [{fold(item["name"]), *(fold(alias) for alias in item.get("aliases", []))} for item in expected]
        suggested = {fold(name) for name in found}
        right = sum(1 for name in suggested if any(name in names for names in spellings))
        return right, sum(1 for names in spellings if names & suggested), len(suggested), len(spellings)
    if category == "countries":
        wanted = {_country_code(name) for name in expected}
        suggested = {_country_code(name) for name in found}
        return len(suggested & wanted), len(wanted & suggested), len(suggested), len(wanted)
    if category == "agreements":
        canonical = _canonical_names(key)
        wanted = [frozenset(canonical.get(fold(p), fold(p)) for p in item["parties"]) for item in expected]
        suggested = {frozenset(canonical.get(fold(p), fold(p)) for p in parties) for parties in found}
        found_wanted = sum(1 for parties in wanted if parties in suggested)
        return len(suggested & set(wanted)), found_wanted, len(suggested), len(wanted)
    field = "value" if category == "dates" else "text"
    wanted = {fold(item[field]) for item in expected if item[field]}
    suggested = {fold(value) for value in found}
    return len(suggested & wanted), len(wanted & suggested), len(suggested), len(wanted)


def _country_code(name):
    """ISO 3166 alpha-2 of a country's name in any of its forms, or the folded name."""
    import pycountry

    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return fold(name)


def _canonical_names(key):
    """{folded name or alias: folded canonical name} of the key's organizations and cities."""
    canonical = {}
    for item in key.get("organizations", []) + key.get("cities", []):
        for spelling in [item["name"], *item.get("aliases", [])]:
            canonical[fold(spelling)] = fold(item["name"])
    return canonical


def setup(workdir):
    os.environ.update(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{workdir}/eval.sqlite3", PAGE_CACHE="0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citykb.settings")
    os.environ["SEARCH_INDEX_DIR"] = f"{workdir}/index"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)


def evaluate():
    """{set: scores}: the seeds with nothing known, then the development set with the seed records known."""
    from django.core.management import call_command

    results = {"seed announcements": score(seed_keys())}
    call_command("load_initial_data", verbosity=0, stdout=io.StringIO())
    results["development set"] = score(development_keys())
    results["held-out set"] = score(development_keys(folder=HELD_OUT_SET))
    return results


def print_table(results):
    print("| category | set | in the key | suggested | precision | recall | target (precision, recall) |")
    print("|---|---|---:|---:|---:|---:|---|")
    for category in CATEGORIES:
        for name, scores in results.items():
            row = scores[category]
            target = "≥ {:g}, ≥ {:g}".format(*TARGETS[category]) if category in TARGETS else ""
            print(
                f"| {category} | {name} | {row.get('key', 0)} | {row.get('found', 0)} | {_shown(row['precision'])} "
                f"| {_shown(row['recall'])} | {target} |"
            )


def print_details(results):
    print()
    print("| set | agreements found with their parties | " + " | ".join(f"{field} right" for field in DETAILS) + " |")
    print("|---|---:|" + "---:|" * len(DETAILS))
    for name, scores in results.items():
        details = scores["details"]
        if details.get("matched"):
            shares = [f"{details[field] / details['matched']:.2f}" for field in DETAILS]
            print(f"| {name} | {details['matched']} | " + " | ".join(shares) + " |")


def _shown(value):
    return "–" if value is None else f"{value:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="citykb-eval-") as workdir:
        setup(workdir)
        results = evaluate()
    print_table(results)
    print_details(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
