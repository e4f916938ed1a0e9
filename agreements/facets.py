"""Counts for the agreement browser's options: how many agreements each choice would show.

Each facet is counted over the agreements that match every *other* filter in
use, so choosing a city still shows how many agreements the other cities have.
Options with no agreements are left out. A fixed number of queries per facet,
however many agreements there are.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import QueryDict

from .models import Agreement, AgreementParty


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    query: str  # the browser's query string that chooses this option, or removes it when selected


@dataclass
class Facet:
    name: str  # the filter's URL parameter
    label: str
    options: list[Option]


def _agreements_per(pairs):
    """{(value, label): number of distinct agreements} from (value, label, agreement id) rows."""
    agreements = defaultdict(set)
    for value, label, agreement_id in pairs:
        if value:
            agreements[(value, label)].add(agreement_id)
    return {key: len(ids) for key, ids in agreements.items()}


def _party_counts(agreements):
    rows = AgreementParty.objects.filter(agreement__in=agreements, organization__isnull=False)
    return _agreements_per(rows.values_list("organization__slug", "organization__name", "agreement_id"))


def _city_counts(agreements):
    parties = AgreementParty.objects.filter(agreement__in=agreements, city__isnull=False)
    return _agreements_per(
        [
            *parties.values_list("city__slug", "city__name", "agreement_id"),
            *agreements.filter(signed_in__isnull=False).values_list("signed_in__slug", "signed_in__name", "id"),
        ]
    )


def _country_counts(agreements):
    parties = AgreementParty.objects.filter(agreement__in=agreements)
    rows = [
        *parties.values_list("organization__country", "agreement_id"),
        *parties.values_list("city__country", "agreement_id"),
        *agreements.values_list("signed_in__country", "id"),
    ]
    # The filter ignores case, so "UK" and "uk" are one option, labelled as first written.
    labels = {}
    for country, _agreement_id in rows:
        if country:
            labels.setdefault(country.casefold(), country)
    return _agreements_per((labels[c.casefold()], labels[c.casefold()], a) for c, a in rows if c)


def _choice_counts(field, choices):
    labels = dict(choices)

    def count(agreements):
        rows = agreements.order_by().values(field).annotate(n=Count("id", distinct=True))
        return {(row[field], labels.get(row[field], row[field])): row["n"] for row in rows}

    return count


def _topic_counts(agreements):
    rows = (
        agreements.filter(topics__isnull=False)
        .order_by()
        .values("topics__slug", "topics__name")
        .annotate(n=Count("id", distinct=True))
    )
    return {(row["topics__slug"], row["topics__name"]): row["n"] for row in rows}


def _year_counts(agreements):
    rows = (
        agreements.filter(signed_start__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("signed_start"))
        .values("year")
        .annotate(n=Count("id", distinct=True))
    )
    return {(str(row["year"]), str(row["year"])): row["n"] for row in rows}


# (URL parameter, label, the parameters a facet ignores when counting, how to count)
FACETS = [
    ("party", "Organization", ("party",), _party_counts),
    ("city", "City", ("city",), _city_counts),
    ("country", "Country", ("country",), _country_counts),
    ("kind", "Kind", ("kind",), _choice_counts("kind", Agreement.Kind.choices)),
    ("status", "Status", ("status",), _choice_counts("status", Agreement.Status.choices)),
    ("topic", "Topic", ("topic",), _topic_counts),
    ("year", "Year signed", ("signed_from", "signed_to"), _year_counts),
]


def _query(data, name, parameters, value, selected):
    """The query string that chooses the option (or, if chosen, drops it), back on the first page."""
    query = data.copy()
    query.pop("page", None)
    for parameter in parameters:
        query.pop(parameter, None)
        if not selected:
            query[parameter] = value
    return query.urlencode()


def _chosen_label(filterset, name, value):
    """How the page names a chosen option: the record's name, the choice's label, or the value itself."""
    cleaned = filterset.form.cleaned_data.get(name)
    labels = {"kind": dict(Agreement.Kind.choices), "status": dict(Agreement.Status.choices)}.get(name, {})
    if hasattr(cleaned, "pk"):
        return str(cleaned)
    return labels.get(value, value)


def agreement_facets(filterset):
    """The browser's facets for a bound, valid AgreementFilter, most agreements first."""
    data = filterset.data if filterset.is_bound else QueryDict(mutable=True)
    facets = []
    for name, label, ignored, count in FACETS:
        others = data.copy()
        for parameter in (*ignored, "sort", "page"):
            others.pop(parameter, None)
        agreements = type(filterset)(others, queryset=Agreement.objects.all()).qs
        if name == "year":
            chosen = {data.get("signed_from")} & {data.get("signed_to")}
        else:
            chosen = {data.get(name)}
        if name == "country":  # compared as the filter compares: ignoring case
            chosen = {value.casefold() for value in chosen if value}
        options = []
        for (value, option_label), n in count(agreements).items():
            selected = (value.casefold() if name == "country" else value) in chosen
            options.append(Option(value, option_label, n, selected, _query(data, name, ignored, value, selected)))
        raw = data.get("signed_from") if name == "year" else data.get(name)
        if chosen - {None, ""} and not any(option.selected for option in options):
            # The other filters leave none of the chosen option's agreements: still show it, to remove it.
            label_of_choice = _chosen_label(filterset, name, raw)
            options.append(Option(raw, label_of_choice, 0, True, _query(data, name, ignored, raw, True)))
        options.sort(key=lambda option: (-option.count, option.label.lower()))
        if name == "year":
            options.sort(key=lambda option: option.value, reverse=True)
        if options:
            facets.append(Facet(name, label, options))
    return facets
