"""Fetching the citations every page and API record shows beside its facts.

Citations belong to the agreements app (agreements.Citation); this layer
looks the model up by name when a query runs, so that it imports no app.
"""

from django.apps import apps
from django.db import models

from .models import UnsourcedFact

CITATION_MODEL = "agreements.Citation"
CITATION_FIELDS = ("announcement", "start", "end", "quote")


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


def _cited(citations):
    """Citations as pages show them: each with its announcement's title and address, in passage order."""
    return (
        citations.select_related("announcement")
        .only(*CITATION_FIELDS, "announcement__title", "announcement__slug")
        .order_by("start", "end", "announcement_id")
    )


def _prefetched_attribute(field):
    return f"prefetched_{field}"
