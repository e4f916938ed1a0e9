"""What importing a file would store and suggest, as plain data: nothing is written.

For `import_announcement --dry-run --json`, so that other programs (and the linker's evaluation) can read
what the linker finds in a text without an announcement being stored.
"""

from pathlib import Path

from citykb.core.kinds import kind_named

from ..likeness import nearly_the_same
from ..models import Agreement, ImportReport, Suggestion
from .ingestion import ImportRefused, announcement_from, read_file
from .linking import suggestions_for


def dry_run(path, *, title="", published="", publisher=""):
    """{"announcement": {...}, "suggestions": [...]} for a file, or {"refused": why}; stores nothing."""
    name = Path(path).name
    try:
        text = read_file(name, Path(path).read_bytes())
        announcement = announcement_from(text, title, published, publisher, source=name)
    except ImportRefused as refusal:
        return {"refused": str(refusal)}
    suggestions = suggestions_for(announcement, ImportReport())
    slugs = _slugs_of(suggestions)
    return {
        "announcement": {
            "title": announcement.title,
            "slug": announcement.slug,
            "published": announcement.published.iso(),
            "publisher": announcement.publisher,
            "characters": len(text),
            "nearly_the_same": [
                {"slug": stored.slug, "title": stored.title, "share": round(share, 2)}
                for stored, share in nearly_the_same(text)
            ],
        },
        "suggestions": [_as_data(suggestion, slugs) for suggestion in suggestions],
    }


def _slugs_of(suggestions):
    """{(kind, id): slug} of the known records the suggestions name: one query per kind."""
    wanted = {}
    for suggestion in suggestions:
        if suggestion.kind == Suggestion.Kind.MENTION:
            candidate = suggestion.candidates[0]
            wanted.setdefault(candidate["kind"], set()).add(candidate["id"])
    return {
        (kind, pk): slug
        for kind, pks in wanted.items()
        for pk, slug in kind_named(kind).model.objects.filter(pk__in=pks).values_list("pk", "slug")
    }


def _as_data(suggestion, slugs):
    """One suggestion as the dry run prints it: its kind as a record kind, and what it says of it."""
    data = {"start": suggestion.start, "end": suggestion.end, "confidence": suggestion.confidence}
    details = suggestion.details
    if suggestion.kind == Suggestion.Kind.MENTION:
        candidate = suggestion.candidates[0]
        existing = slugs.get((candidate["kind"], candidate["id"]))
        return {"kind": candidate["kind"], "name": suggestion.label, "existing": existing, **details, **data}
    if suggestion.kind == Suggestion.Kind.NEW_CITY:
        country = suggestion.candidates[0]["country"]
        return {"kind": "city", "name": suggestion.label, "existing": None, "country": country, **data}
    if suggestion.kind == Suggestion.Kind.NEW_PERSON:
        person = {"title": details.get("title", ""), "organization": details.get("organization")}
        return {"kind": "person", "name": suggestion.label, "existing": None, **person, **data}
    if suggestion.kind == Suggestion.Kind.NEW_EVENT:
        held = (details.get("held") or {}).get("value")
        return {
            "kind": "event",
            "name": suggestion.label,
            "existing": None,
            "city": details.get("city"),
            "held": held,
            **data,
        }
    if suggestion.kind == Suggestion.Kind.AGREEMENT:
        return {
            "kind": "agreement",
            "parties": [party["name"] for party in suggestion.candidates],
            "agreement_kind": details.get("agreement_kind", str(Agreement.Kind.AGREEMENT)),
            "signed": (details.get("signed") or {}).get("value"),
            "place": (details.get("place") or {}).get("name"),
            "scope": [item["description"] for item in details.get("scope", [])],
            "people": [person["name"] for person in details.get("people", [])],
            "existing": None,
            **data,
        }
    if suggestion.kind == Suggestion.Kind.DATE:
        return {"kind": "date", "name": suggestion.passage, "value": details.get("value"), **details, **data}
    kind = {Suggestion.Kind.NEW_ORGANIZATION: "organization"}.get(suggestion.kind, suggestion.kind)
    return {"kind": kind, "name": suggestion.label, "existing": None, **details, **data}
