"""The timeline: agreements, events, initiatives and announcements in date order, as precisely as known."""

from dataclasses import dataclass
from itertools import groupby

from django import forms

from citykb.core.dates import FuzzyDate
from citykb.core.filters import RecordField
from partners.models import City, Organization

from .models import Agreement, Announcement, Event, Initiative


@dataclass
class Entry:
    date: FuzzyDate
    what: str  # "Agreement signed", "Event held", …
    title: str
    url: str


class TimelineForm(forms.Form):
    city = RecordField(City.objects.all(), to_field_name="slug", required=False)
    organization = RecordField(Organization.objects.all(), to_field_name="slug", required=False)


def timeline_entries(city=None, organization=None):
    """Every dated happening, earliest first (by the earliest day each can be); a constant number of queries."""
    agreements = Agreement.objects.all()
    events = Event.objects.all()
    initiatives = Initiative.objects.all()
    announcements = Announcement.objects.all()
    if city is not None:
        agreements = agreements.made_in_or_with(city)
        events = events.filter(city=city)
        initiatives = initiatives.filter(city=city)
        announcements = announcements.mentioning(city)
    if organization is not None:
        agreements = agreements.involving(organization)
        events = events.filter(roles__organization=organization)
        initiatives = initiatives.filter(roles__organization=organization)
        announcements = announcements.mentioning(organization)
    entries = [Entry(a.signed, "Agreement signed", a.title, a.get_absolute_url()) for a in agreements.distinct()]
    entries += [Entry(e.held, "Event held", e.name, e.get_absolute_url()) for e in events.distinct()]
    for initiative in initiatives.distinct():
        url = initiative.get_absolute_url()
        entries.append(Entry(initiative.announced, "Initiative announced", initiative.name, url))
        if initiative.started.is_known:
            entries.append(Entry(initiative.started, "Initiative started", initiative.name, url))
    entries += [Entry(a.published, "Announcement published", a.title, a.get_absolute_url()) for a in announcements]
    return sorted(entries, key=lambda entry: (entry.date.sort_key(), entry.what, entry.title))


def by_year(entries):
    """[(year or None, entries)]: the years in order, then the entries whose date no source states."""
    dated = [entry for entry in entries if entry.date.is_known]
    years = [(year, list(group)) for year, group in groupby(dated, key=lambda entry: entry.date.start.year)]
    undated = [entry for entry in entries if not entry.date.is_known]
    return years + ([(None, undated)] if undated else [])
