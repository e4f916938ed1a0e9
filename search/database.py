"""Keyword search with plain database queries.

Every word must occur (ignoring case) in a record's name or title, its text or
one of its aliases. The Whoosh index of the search issue replaces this; until
then it keeps the search box in every page's header useful.
"""

from django.db.models import Q

from agreements.models import Agreement, Announcement, Event, Initiative
from partners.models import City, Organization, Person

RESULTS_PER_TYPE = 20

# model, its label on the results page, its name field, its text fields
SEARCHED = [
    (Agreement, "title", ["summary", "described_as"]),
    (Announcement, "title", ["body"]),
    (Organization, "name", ["description"]),
    (City, "name", ["description"]),
    (Person, "name", ["description"]),
    (Event, "name", ["description"]),
    (Initiative, "name", ["description"]),
]


def search_records(query):
    """Records matching every word of `query`, as (model, records) pairs, with a query per model."""
    words = query.split()
    if not words:
        return []
    results = []
    for model, name_field, text_fields in SEARCHED:
        condition = Q()
        for word in words:
            matches_word = Q(**{f"{name_field}__icontains": word}) | Q(aliases__name__icontains=word)
            for field in text_fields:
                matches_word |= Q(**{f"{field}__icontains": word})
            condition &= matches_word
        ids = model.objects.filter(condition).values("pk")
        records = list(model.objects.filter(pk__in=ids)[:RESULTS_PER_TYPE])
        if records:
            results.append((model._meta.verbose_name_plural, records))
    return results
