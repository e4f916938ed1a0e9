"""Where an announcement names a known record: for linking every mention in the announcement reader,
and for the mention index (AnnouncementMention) that a record's page reads its announcements from."""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from citykb.core.caching import memoize
from citykb.core.kinds import MENTIONED, kind_of
from citykb.core.signals import bulk_changes_finished, in_bulk_changes

from .models import Announcement, AnnouncementMention

WORD = re.compile(r"\w+")


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


def first_word_index(names):
    """{casefolded first word: [(spelling, Known)], longest spelling first} for {spelling: Known}.

    A name can only start where a word of the text starts, so the text is read
    word by word and only the names starting with that word are tried: no
    pattern of thousands of alternatives to compile or to run.
    """
    index = defaultdict(list)
    for spelling, known in names.items():
        first = WORD.match(spelling)
        if first:
            index[first.group()].append((spelling, known))
    for candidates in index.values():
        candidates.sort(key=lambda candidate: len(candidate[0]), reverse=True)
    return index


@memoize
def _known_index():
    return first_word_index(known_names())


def find_mentions(text, names):
    """Mentions of the names in the text: any case, the longest name first, never inside a longer word.

    `names` is {casefolded spelling: Known}, as known_names() gives it.
    """
    return _find(text, first_word_index(names))


def mentions_in(text):
    """Mentions of every known record in the text."""
    return _find(text, _known_index())


def _find(text, index):
    mentions, taken_until = [], 0
    for word in WORD.finditer(text):
        start = word.start()
        if start < taken_until:
            continue
        for spelling, known in index.get(word.group().casefold(), ()):
            end = start + len(spelling)
            if text[start:end].casefold() == spelling and not (end < len(text) and _is_word_char(text[end])):
                mentions.append(Mention(start, end, known.kind, known.name, known.url, known.pk))
                taken_until = end
                break
    return mentions


def _is_word_char(character):
    return WORD.match(character) is not None


def mentioned_records(text, names):
    """{(kind, pk)} of the records the text mentions."""
    return {(mention.kind, mention.pk) for mention in find_mentions(text, names)}


def _mentioned(text):
    return {(mention.kind, mention.pk) for mention in mentions_in(text)}


INDEX_BATCH = 500


def index_mentions(announcements):
    """Rewrite the mention index rows of these announcements from their text and today's names."""
    announcements = list(announcements)
    with transaction.atomic():
        for first in range(0, len(announcements), INDEX_BATCH):
            batch = announcements[first : first + INDEX_BATCH]
            AnnouncementMention.objects.filter(announcement__in=batch).delete()
            AnnouncementMention.objects.bulk_create(
                AnnouncementMention(announcement=announcement, kind=kind, record_id=pk)
                for announcement in batch
                for kind, pk in sorted(_mentioned(announcement.body))
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
