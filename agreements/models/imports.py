"""New announcements coming in: a report of each import, and what the entity linker suggests from it.

Suggestions change nothing in the knowledge base by themselves: a reviewer
accepts one (agreements.imports.reviewing makes the link, record or citation) or
rejects it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportReport(models.Model):
    """One import: what was read, what the linker found, and what failed and why."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Refused"

    created = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=300, help_text="The file name, or “pasted text”.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    problem = models.TextField(blank=True, help_text="Why the import was refused.")
    announcement = models.ForeignKey(
        "Announcement", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_reports"
    )
    characters = models.PositiveIntegerField(default=0, help_text="Length of the text read.")
    mentions_linked = models.PositiveIntegerField(default=0, help_text="Mentions of known records found.")

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.source}: {self.get_outcome_display().lower()} {self.created:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("admin:agreements_importreport_change", args=[self.pk])

    def counts(self):
        """{status: number} of this import's suggestions, every status present."""
        counted = dict(self.suggestions.values_list("status").annotate(n=models.Count("pk")))
        return {status: counted.get(status, 0) for status in Suggestion.Status.values}


class Suggestion(models.Model):
    """Something the entity linker found in an imported announcement, waiting for a reviewer."""

    class Kind(models.TextChoices):
        MENTION = "mention", "Mention of a known record"
        NEW_ORGANIZATION = "new-organization", "Possible new organization"
        NEW_CITY = "new-city", "Possible new city"
        NEW_PERSON = "new-person", "Possible new person"
        NEW_EVENT = "new-event", "Possible new event"
        COUNTRY = "country", "Country"
        AGREEMENT = "agreement", "Possible agreement"
        DATE = "date", "Date"
        AMOUNT = "amount", "Money amount"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    report = models.ForeignKey(ImportReport, on_delete=models.CASCADE, related_name="suggestions")
    announcement = models.ForeignKey("Announcement", on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    label = models.CharField(max_length=300, help_text="What is suggested: a name, a date, an amount.")
    context = models.TextField(help_text="The sentence it was found in.")
    confidence = models.FloatField(help_text="From 0 (a guess) to 1 (an exact name).")
    candidates = models.JSONField(default=list, blank=True, help_text="Existing records it may be: [{kind, id, name}].")
    details = models.JSONField(
        default=dict,
        blank=True,
        help_text="What else the text says of it: a person's title and organization; an agreement's kind, signing "
        "date, place, scope and people; a date's value and what it dates; an amount's quantity, currency, qualifier.",
    )
    # The shape of `details`, by kind (passages are [start, end] offsets into the announcement's body):
    #   new-person: {"title": str, "organization": name | None, "city": name | None}
    #   agreement:  {"agreement_kind": Agreement.Kind value, "signed": {"value": ISO 8601, "start", "end"} | None,
    #                "place": {"kind", "id", "name"} | None, "scope": [{"description", "start", "end"}],
    #                "people": [{"kind", "id", "name"}]}   (kind "person" with its id, or "new-person" with None)
    #   date:       {"value": ISO 8601, "of": "publication" | "signing" | "event" | "other", "inferred": bool}
    #   amount:     {"quantity": decimal as str, "currency": ISO 4217 | "", "qualifier": StatedFigure.Qualifier}
    #   country:    {"country": ISO 3166 short name}
    #   new-event:  {"city": name | None, "held": {"value": ISO 8601, "start", "end"} | None}
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="What accepting it made, or why it could not be accepted.")

    class Meta:
        ordering = ["announcement_id", "start", "kind"]
        permissions = [("review_suggestion", "Can accept or reject suggestions")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label} at {self.start}–{self.end}"

    @property
    def passage(self):
        return self.announcement.body[self.start : self.end]
