"""Where an announcement names a known record: for linking every mention in the announcement reader."""

import re
from dataclasses import dataclass

from partners.models import City, Organization, Person

from .models import Event, Initiative

# Checked in this order when two records share a name.
MENTIONABLE = [
    ("organization", Organization),
    ("city", City),
    ("person", Person),
    ("event", Event),
    ("initiative", Initiative),
]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str
    name: str  # the record's name, which the text may spell otherwise (an alias, another case)
    url: str


def known_names():
    """{lowercased name or alias: (kind, record name, url)} of every record that can be mentioned."""
    names = {}
    for kind, model in MENTIONABLE:
        for record in model.objects.prefetch_related("aliases"):
            for name in [record.name, *record.alias_names]:
                names.setdefault(name.casefold(), (kind, record.name, record.get_absolute_url()))
    return names


def find_mentions(text, names):
    """Mentions of the names in the text: any case, the longest name first, never inside a longer word."""
    if not names:
        return []
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return [
        Mention(match.start(), match.end(), *names[match.group().casefold()])
        for match in pattern.finditer(text)
        if match.group().casefold() in names
    ]
