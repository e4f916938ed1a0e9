"""Announcements, kept verbatim, and the passages of them that records cite."""

import hashlib
import unicodedata
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver

from citykb.core.citations import prefetch_citations
from citykb.core.dates import FuzzyDateAttribute
from citykb.core.history import edit_history
from citykb.core.kinds import MENTIONED, choices
from citykb.core.models import Alias, AliasedModel, DatedModel, SlugQuerySet, fuzzy_date_fields
from citykb.core.pages import page_address


class AnnouncementQuerySet(SlugQuerySet):
    def with_related(self):
        return self.prefetch_related("aliases", *prefetch_citations("publication_citations"))

    def mentioning(self, record):
        """Announcements whose text names the record or one of its aliases (any case, whole words),
        as the mention index (AnnouncementMention) has it."""
        return self.filter(mentions__kind=record._meta.model_name, mentions__record_id=record.pk)

    def containing_any(self, spellings):
        """Announcements whose text contains one of these strings, ignoring case (a full scan)."""
        condition = models.Q()
        for spelling in spellings:
            condition |= models.Q(body__icontains=spelling)
        return self.filter(condition)

    def by_date(self):
        """Newest first; announcements whose date is unknown come last."""
        return self.order_by(models.F("published_start").desc(nulls_last=True), "title")


class Announcement(DatedModel, AliasedModel):
    """A press release or article, its body stored exactly as published."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    # Plain text, as the announcement gives them: a link to a Person record would
    # make announcements depend on the partner records that cite them.
    author = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published = FuzzyDateAttribute()
    published_start, published_precision, published_approximate = fuzzy_date_fields("publication date")
    body = models.TextField(help_text="Verbatim; citations point into it by character offset.")
    source_file = models.CharField(max_length=255, blank=True)
    # Kept by set_content_hash (raw fixture saves too): an import of the same text again is refused.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    publication_citations = models.ManyToManyField(
        "Citation",
        through="PublicationCitation",
        blank=True,
        related_name="+",
        help_text="Passages of the announcement that state its date, author or publisher.",
    )

    history = edit_history()

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"], condition=~models.Q(content_hash=""), name="unique_announcement_text"
            )
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def segments(self, citations, mentions=()):
        """The body cut at the edges of the cited passages and of mentions of known records.

        Returns dicts with the `text` of each piece, the anchors of the
        citations covering it (`cited`, empty if none), the `anchors` of the passages starting there and
        the `mention` (of agreements.mentions) it is part of, if any.
        Passages may overlap; every edge is a cut.
        """
        citations = [c for c in citations if 0 <= c.start < c.end <= len(self.body)]
        edges = {0, len(self.body), *(c.start for c in citations), *(c.end for c in citations)}
        edges |= {edge for m in mentions for edge in (m.start, m.end)}
        edges = sorted(edges)
        segments = []
        for start, end in zip(edges, edges[1:], strict=False):
            segments.append(
                {
                    "text": self.body[start:end],
                    "cited": sorted({c.anchor for c in citations if c.start <= start and end <= c.end}),
                    "anchors": sorted({c.anchor for c in citations if c.start == start}),
                    "mention": next((m for m in mentions if m.start <= start and end <= m.end), None),
                }
            )
        return segments

    def cite(self, quote, occurrence=1):
        """An unsaved Citation of the `occurrence`-th place the body says `quote`."""
        start = -1
        for _ in range(occurrence):
            start = self.body.find(quote, start + 1)
            if start == -1:
                raise ValueError(f"{quote!r} does not occur {occurrence} time(s) in {self.title!r}.")
        return Citation(announcement=self, start=start, end=start + len(quote), quote=quote)


def content_hash(text):
    """The SHA-256 of a text as an announcement's `content_hash` keeps it: of its words, so that the same
    text with other line endings, spacing, a byte-order mark or another Unicode normal form is the same."""
    words = unicodedata.normalize("NFC", text).replace("\ufeff", "").split()
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


@receiver(pre_save, sender=Announcement, dispatch_uid="citykb-announcement-content-hash")
def set_content_hash(sender, instance, **kwargs):
    instance.content_hash = content_hash(instance.body)


class AnnouncementAlias(Alias):
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="aliases")
    owner_field = "announcement"

    class Meta(Alias.Meta):
        verbose_name_plural = "announcement aliases"
        constraints = [models.UniqueConstraint(fields=["announcement", "name"], name="unique_announcement_alias")]


class CitationQuerySet(models.QuerySet):
    def get_by_natural_key(self, announcement_slug, start, end):
        return self.get(announcement__slug=announcement_slug, start=start, end=end)


class Citation(models.Model):
    """The exact passage of an announcement that states a fact: body[start:end] == quote."""

    announcement = models.ForeignKey(Announcement, on_delete=models.PROTECT, related_name="citations")
    start = models.PositiveIntegerField(help_text="Offset of the first character of the passage in the body.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character of the passage.")
    quote = models.TextField()

    history = edit_history()

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["announcement__title", "start", "end"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "start", "end"], name="unique_passage"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="passage_not_empty",
                violation_error_message="A passage ends after it starts.",
            ),
        ]

    def __str__(self):
        return f"“{self.quote}” ({self.announcement})"

    def get_absolute_url(self):
        return f"{self.announcement.get_absolute_url()}#{self.anchor}"

    def get_permalink(self):
        """The passage's own page: a stable address to cite, listing what the knowledge base takes from it."""
        return page_address("agreements:passage", self.announcement.slug, self.start, self.end)

    def natural_key(self):
        return (self.announcement.slug, self.start, self.end)

    natural_key.dependencies = ["agreements.announcement"]

    @property
    def anchor(self):
        """The fragment that marks this passage on the announcement's page."""
        return f"passage-{self.start}-{self.end}"

    def clean(self):
        if self.announcement_id is None or self.start is None or self.end is None:
            return
        body = self.announcement.body
        if self.end > len(body):
            raise ValidationError({"end": f"The announcement is only {len(body)} characters long."})
        if body[self.start : self.end] != self.quote:
            raise ValidationError(
                {"quote": f"The announcement says {body[self.start : self.end]!r} at {self.start}–{self.end}."}
            )


class PublicationCitationQuerySet(models.QuerySet):
    def get_by_natural_key(self, announcement_slug, start, end):
        return self.get(announcement__slug=announcement_slug, citation__start=start, citation__end=end)


class PublicationCitation(models.Model):
    """A passage stating when, by whom or where an announcement was published.

    An explicit through model: with Django's implicit one, announcements and
    citations would depend on each other and dumpdata could not order them.
    """

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="+")
    citation = models.ForeignKey(Citation, on_delete=models.CASCADE, related_name="+")

    history = edit_history()

    objects = PublicationCitationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["announcement", "citation"], name="unique_publication_citation")]

    def __str__(self):
        return str(self.citation)

    def natural_key(self):
        return (self.announcement.slug, self.citation.start, self.citation.end)

    natural_key.dependencies = ["agreements.announcement", "agreements.citation"]

    def clean(self):
        if self.announcement_id and self.citation_id and self.citation.announcement_id != self.announcement_id:
            raise ValidationError({"citation": "An announcement's publication facts cite the announcement itself."})


def rewrite_worked_out(model, announcements, rows_of, batch_size=500):
    """Replace `model`'s rows for these announcements with `rows_of(announcement)` for each, a batch at a time
    (their bodies are read as they come), in one transaction: the mention index and the likeness bands are
    worked out from the texts this way."""
    announcements = iter(announcements)
    with transaction.atomic():
        while batch := list(islice(announcements, batch_size)):
            model.objects.filter(announcement__in=batch).delete()
            model.objects.bulk_create(row for announcement in batch for row in rows_of(announcement))


class AnnouncementBand(models.Model):
    """One band of an announcement's MinHash signature (agreements.likeness): texts that share a band are
    looked at to tell whether they are nearly the same, found by this index instead of reading every text."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="+")
    band = models.PositiveSmallIntegerField()
    bucket = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "bucket"], name="announcement_band")]

    def __str__(self):
        return f"{self.announcement_id}: band {self.band}"


class AnnouncementMention(models.Model):
    """An announcement names a record: the mention index, kept by agreements.mentions as texts and names
    change, so that a record's page finds the announcements that mention it without reading them all."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(max_length=20, choices=choices(MENTIONED))
    record_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["announcement", "kind", "record_id"], name="unique_announcement_mention")
        ]
        indexes = [models.Index(fields=["kind", "record_id"], name="mention_of_record")]

    def __str__(self):
        return f"{self.announcement} mentions {self.kind} {self.record_id}"
