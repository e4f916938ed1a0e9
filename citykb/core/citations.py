"""Fetching the citations every page and API record shows beside its facts.

Citations belong to the agreements app (agreements.Citation); this layer
looks the model up by name when a query runs, so that it imports no app.
"""

import re

from django.apps import apps
from django.db import models
from django.db.models.functions import Greatest, Substr

from .models import UnsourcedFact

CITATION_MODEL = "agreements.Citation"
CITATION_FIELDS = ("announcement", "start", "end", "quote")
# How far around a passage its sentence is looked for: enough for a long sentence, little of a long text.
SENTENCE_REACH = 300
SENTENCE_END = re.compile(r"[.!?](?=[”’\"')\]]*(?:\s|$))|\n")


def prefetch_citations(*paths):
    """Prefetches for the citations at `paths`, with each citation's announcement joined in, into lists
    that `citations_of` reads.

    Every page and endpoint shows citations with a link to their announcement;
    without the join that is one query per citation. Of the announcement only
    what names and links it is read: a citation carries its own words, and a
    page of 50 agreements cites some 500 passages. Lists rather than Django's
    prefetch cache: that makes a related manager and a filtered queryset for
    every record, a tenth of the time of the API's page of 50 agreements. Unlike
    that cache, a list is not cleared by the field's add(), remove() or set().
    """
    citations = apps.get_model(CITATION_MODEL).objects
    return [
        models.Prefetch(path, queryset=_cited(citations), to_attr=_prefetched_attribute(path.rpartition("__")[2]))
        for path in paths
    ]


def prefetch_unsourced(*owners):
    """Prefetches of the unsourced-fact marks (UnsourcedFact) of the records at `owners`, "" for the records
    themselves, into the lists CitedRecord.unsourced_fields reads: without them a page showing a record's
    sources beside its facts would ask for each record's marks."""
    marks = UnsourcedFact.objects.only("content_type_id", "object_id", "field")
    return [
        models.Prefetch(
            f"{owner}__unsourced_facts" if owner else "unsourced_facts",
            queryset=marks,
            to_attr=_prefetched_attribute("unsourced_facts"),
        )
        for owner in owners
    ]


def citations_of(record, field="citations"):
    """The record's citations at `field`, as prefetch_citations fetched them, or else from the database."""
    try:
        return getattr(record, _prefetched_attribute(field))
    except AttributeError:  # a view that did not prefetch them: one query for this record
        return list(_cited(getattr(record, field).all()))


def in_its_sentence(citation):
    """(before, quote, after): the words of the passage's sentence around the passage, so that a passage that is
    not a sentence of its own ("date 2017-10-18", "big data") reads in the sentence that states it. Before and
    after are empty for a passage that is its sentence, or fetched without the text around it (_cited)."""
    around = getattr(citation, "text_around", None)
    if around is None:
        return "", citation.quote, ""
    offset = citation.start - citation.text_around_from
    before, after = around[:offset], around[offset + len(citation.quote) :]
    ends = list(SENTENCE_END.finditer(before))
    if citation.quote[:1].isupper():  # a passage that begins as a sentence does
        before = ""
    else:
        before = before[ends[-1].end() :] if ends else ("…" + before if citation.text_around_from else before)
    quote_ends_sentence = SENTENCE_END.match(citation.quote[-1:] + after[:1] or " ")
    end = None if quote_ends_sentence else SENTENCE_END.search(after)
    if quote_ends_sentence:
        after = ""
    elif end:
        after = after[: end.end()].rstrip("\n")
    elif len(around) == citation.end - citation.text_around_from + SENTENCE_REACH:  # the window ended, not the text
        after += "…"
    if not before.strip() and not after.strip(" ”’\"')"):
        return "", citation.quote, ""
    return before.lstrip(), citation.quote, after


def _cited(citations):
    """Citations as pages show them: each with its announcement's title and address, in passage order, and the
    text around it in which in_its_sentence finds its sentence (a window, not the whole announcement)."""
    reach_from = Greatest(models.F("start") - SENTENCE_REACH, 0)
    return (
        citations.select_related("announcement")
        .only(*CITATION_FIELDS, "announcement__title", "announcement__slug")
        .annotate(
            text_around_from=reach_from,
            text_around=Substr("announcement__body", reach_from + 1, models.F("end") - reach_from + SENTENCE_REACH),
        )
        .order_by("start", "end", "announcement_id")
    )


def _prefetched_attribute(field):
    return f"prefetched_{field}"
