"""Announcements read again for what the knowledge base has learnt since they were imported.

A record added after an announcement was imported is not among its suggestions: re-linking proposes the
mentions of known records that no suggestion has proposed yet, under a report of their own.
"""

from django.db import transaction

from ..models import ImportReport, Suggestion
from .linking import suggestions_for

RELINK_SOURCE = "re-link"


def relink(announcement, user=None):
    """Propose the mentions in the announcement that it has no suggestion for yet; returns how many."""
    report = ImportReport(
        imported_by=user,
        source=RELINK_SOURCE,
        outcome=ImportReport.Outcome.IMPORTED,
        announcement=announcement,
        characters=len(announcement.body),
    )
    proposed = set(announcement.suggestions.values_list("kind", "start", "end", "label"))
    new = [
        suggestion
        for suggestion in suggestions_for(announcement, report)
        if suggestion.kind == Suggestion.Kind.MENTION
        and (suggestion.kind, suggestion.start, suggestion.end, suggestion.label) not in proposed
    ]
    if not new:
        return 0
    with transaction.atomic():
        report.mentions_linked = len(new)
        report.save()
        Suggestion.objects.bulk_create(new)
    return len(new)
