"""The search app's own tables: the queue of index updates, and the PostgreSQL backend's documents."""

import random

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F


class PendingIndexUpdate(models.Model):
    """A record whose search document must be refreshed (or removed, if the record is gone).

    Written in the same transaction as the change, so a rollback leaves no
    trace and a crash after commit loses nothing: the rows stay until a
    writer has applied them to the index.
    """

    key = models.CharField(max_length=100, db_index=True, help_text="type:pk of the record")
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.key


SAMPLE_BUCKETS = 1000


def sample_bucket():
    return random.randrange(SAMPLE_BUCKETS)  # noqa: S311 - sampling, not security


class SearchDocument(models.Model):
    """A record as the PostgreSQL full-text backend indexes it (unused by the Whoosh backend)."""

    key = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=20, db_index=True)
    slug = models.CharField(max_length=200)
    title = models.TextField()
    url = models.CharField(max_length=300)
    names = models.TextField(blank=True)
    body = models.TextField(blank=True)
    facets = ArrayField(models.CharField(max_length=250), default=list, help_text="Every facet as field:value.")
    date = models.DateField(null=True)
    digest = models.CharField(max_length=40)
    grams = models.TextField(
        blank=True,
        help_text="For the vector: characters and character pairs of CJK text, and the joined forms of joined "
        "words (groundbreaking, nodejs node js).",
    )
    names_exact = ArrayField(
        models.CharField(max_length=250),
        default=list,
        help_text="The record's own name and aliases, folded (search.text.folded_name): a query that is one of "
        "them ranks the record first.",
    )
    vector = SearchVectorField(null=True)
    head = SearchVectorField(null=True, help_text="Title and names only: candidates for ranking very large results.")
    sample = models.PositiveSmallIntegerField(
        default=sample_bucket,
        help_text="Random 0–999: rows below a bound form a uniform sample for estimating large results.",
    )

    class Meta:
        required_db_vendor = "postgresql"  # no table on SQLite, where the Whoosh backend serves
        indexes = [
            GinIndex(fields=["vector"], name="search_document_vector"),
            GinIndex(fields=["head"], name="search_document_head"),
            GinIndex(fields=["facets"], name="search_document_facets"),
            GinIndex(fields=["names_exact"], name="search_document_names_exact"),
            models.Index(fields=["sample"], name="search_document_sample"),
            models.Index(F("date").desc(nulls_last=True), "id", name="search_document_newest"),
        ]

    def __str__(self):
        return self.title
