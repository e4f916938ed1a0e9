"""Where an announcement names a known record: for linking every mention in the announcement reader,
and for the mention index (AnnouncementMention) that a record's page reads its announcements from."""

import functools
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick
from anyascii import anyascii
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from citykb.core.caching import memoize
from citykb.core.kinds import MENTIONED, kind_of
from citykb.core.signals import bulk_changes_finished, in_bulk_changes

from .models import Announcement, AnnouncementMention, rewrite_worked_out


@dataclass(frozen=True)
class Known:
    kind: str
    pk: int
    name: str  # the record's name
    url: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str
    name: str  # the record's name, which the text may spell otherwise (an alias, another case)
    url: str
    pk: int = 0


@memoize
def known_names():
    """{casefolded name or alias: Known} of every record that can be mentioned.

    Read as plain values, two queries per kind of record: thousands of records take a fraction of a second.
    """
    names = {}
    for kind in MENTIONED:  # in the registry's order: a name two records share is the earlier kind's
        model = kind.model
        records = model.objects.values_list("pk", "name", "slug")
        aliases = defaultdict(list)
        for owner, alias in model.aliases.rel.related_model.objects.values_list(model.aliases.field.name, "name"):
            aliases[owner].append(alias)
        for pk, name, slug in sorted(records, key=lambda record: record[1]):
            known = Known(kind.name, pk, name, kind.page(slug))
            for spelling in [name, *sorted(aliases[pk])]:
                names.setdefault(spelling.casefold(), known)
    return names


class NameMatcher:
    """Every spelling of a set of names, found in a text in one pass (an Aho–Corasick automaton):
    time linear in the text, whether there are ten names or a hundred thousand."""

    def __init__(self, names):
        """`names` is {spelling: what it names}; spellings are matched folded (see fold())."""
        self.automaton = ahocorasick.Automaton()
        for spelling, known in names.items():
            folded = fold(spelling)
            if folded.strip() and not self.automaton.exists(folded):
                self.automaton.add_word(folded, (len(folded), known))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text):
        """Mentions in the text: the longest name at each place, left to right, never inside a longer word."""
        return [
            Mention(start, end, known.kind, known.name, known.url, known.pk) for start, end, known in self.spans(text)
        ]

    def spans(self, text):
        """(start, end, what it names) of each name in the text, as find() chooses them."""
        if self.empty:
            return []
        folded = fold(text)
        found = []
        for last, (length, known) in self.automaton.iter(folded):
            start, end = last + 1 - length, last + 1
            if _starts_word(folded, start) and _ends_word(folded, end):
                found.append((start, -length, known))
        found.sort(key=lambda match: match[:2])
        spans, taken_until = [], 0
        for start, minus_length, known in found:
            if start >= taken_until:
                taken_until = start - minus_length
                spans.append((start, taken_until, known))
        return spans


def _starts_word(text, start):
    return start == 0 or not _is_word_char(text[start - 1])


def _ends_word(text, end):
    return end == len(text) or not _is_word_char(text[end])


def _is_word_char(character):
    return character.isalnum() or character == "_"


def fold(text):
    """The text without case or accents, character for character: "Zürich" → "zurich", "Łódź" → "lodz";
    offsets unchanged, so a match in the folded text is a match at the same place in the text."""
    return "".join(map(_fold_character, text))


@functools.cache
def _fold_character(character):
    plain = anyascii(character)
    if len(plain) == 1:
        return plain.lower()
    lowered = character.lower()
    return lowered if len(lowered) == 1 else character


@memoize
def _known_matcher():
    return NameMatcher(known_names())


def find_mentions(text, names):
    """Mentions of the names in the text: any case or accents, the longest name first, never inside a
    longer word. `names` is {spelling: Known}, as known_names() gives it."""
    return NameMatcher(names).find(text)


def mentions_in(text):
    """Mentions of every known record in the text."""
    return _known_matcher().find(text)


def mentioned_records(text, names):
    """{(kind, pk)} of the records the text mentions."""
    return {(mention.kind, mention.pk) for mention in find_mentions(text, names)}


def _mentioned(text):
    return {(mention.kind, mention.pk) for mention in mentions_in(text)}


INDEX_BATCH = 500


def index_mentions(announcements):
    """Rewrite the mention index rows of these announcements from their text and today's names."""
    rewrite_worked_out(
        AnnouncementMention,
        announcements,
        lambda announcement: (
            AnnouncementMention(announcement=announcement, kind=kind, record_id=pk)
            for kind, pk in sorted(_mentioned(announcement.body))
        ),
        INDEX_BATCH,
    )


def index_all_mentions():
    """Rebuild the whole mention index, e.g. after loading many records at once."""
    with transaction.atomic():
        AnnouncementMention.objects.all().delete()
        index_mentions(Announcement.objects.only("id", "body").iterator(chunk_size=INDEX_BATCH))


def reindex_mentions_of(kind, pk, spellings):
    """After a record's names changed (or it was added or deleted): the announcements that mentioned it,
    or that contain one of its names, are indexed again."""
    linked = Announcement.objects.filter(mentions__kind=kind, mentions__record_id=pk).values("id")
    containing = Announcement.objects.containing_any(spellings).values("id") if spellings else []
    announcements = Announcement.objects.filter(Q(id__in=linked) | Q(id__in=containing))
    index_mentions(announcements.only("id", "body"))


def record_changed(sender, instance, **kwargs):
    """A mentionable record or one of its aliases was saved or deleted: its mentions may have changed."""
    if in_bulk_changes():
        return  # the whole index is rebuilt when the bulk change ends
    if sender is Announcement:
        if kwargs.get("signal") is post_save:
            index_mentions([instance])
        return
    record = getattr(instance, instance.owner_field, None) if kind_of(sender) is None else instance
    if record is None:
        return
    spellings = [record.name, *record.aliases.values_list("name", flat=True)] if record.pk else [record.name]
    reindex_mentions_of(kind_of(record).name, record.pk or instance.pk, spellings)


def connect_signals():
    mentioned = [kind.model for kind in MENTIONED]
    aliases = [model.aliases.rel.related_model for model in mentioned]
    for model in [Announcement, *mentioned, *aliases]:
        for signal in (post_save, post_delete):
            signal.connect(record_changed, sender=model, dispatch_uid=f"citykb-mentions-{signal}-{model.__name__}")
    bulk_changes_finished.connect(
        lambda **kwargs: index_all_mentions(), dispatch_uid="citykb-mentions-bulk", weak=False
    )
