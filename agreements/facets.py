"""Counts for the agreement browser's options: how many agreements each choice would show.

Each facet is counted over the agreements that match every *other* filter in
use, so choosing a city still shows how many agreements the other cities have.
Options with no agreements are left out. Counting happens in memory, over a
table of every agreement's facet values that is read once per change of the
data; a request costs one query per filter in use, however many agreements
there are.
"""

from dataclasses import dataclass

import numpy as np
from django.http import QueryDict

from citykb.core.caching import memoize
from partners.models import City, Organization

from .models import Agreement, AgreementParty, Topic


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
    hidden: int = 0  # options left out of a long list
    more_query: str = ""  # the query string that lists them all


# A facet lists its most common options; ?more=<facet> lists all of them.
SHOWN_OPTIONS = 12


@dataclass
class _Options:
    """One facet's options and which agreements have each: pairs of (agreement row, option number)."""

    labels: list  # [(value, label)]
    numbers: dict  # value (casefolded for countries) -> option number
    agreement_rows: np.ndarray
    option_numbers: np.ndarray

    def counts(self, chosen):
        """{(value, label): agreements among the chosen rows (a boolean mask) that have the option}."""
        counts = np.bincount(self.option_numbers[chosen[self.agreement_rows]], minlength=len(self.labels))
        return {self.labels[n]: int(counts[n]) for n in np.flatnonzero(counts)}

    def rows_with(self, value):
        """The agreement rows that have this option."""
        return self.agreement_rows[self.option_numbers == self.numbers.get(value, -1)]


def _options(agreement_rows, rows, casefold=False):
    """_Options from (agreement id, value, label) rows; repeated pairs count once, empty values not at all."""
    numbers, labels, pairs = {}, [], set()
    for agreement_id, value, label in rows:
        if not value:
            continue
        key = value.casefold() if casefold else value
        if key not in numbers:
            numbers[key] = len(labels)
            labels.append((value, label))  # labelled as first written
        pairs.add((agreement_rows[agreement_id], numbers[key]))
    ordered = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    return _Options(labels, numbers, ordered[:, 0], ordered[:, 1])


@dataclass
class _FacetTable:
    agreement_ids: dict  # agreement id -> row
    years: np.ndarray  # the year each agreement was signed, 0 when unknown
    options: dict  # facet name -> _Options

    def mask(self, rows):
        chosen = np.zeros(len(self.agreement_ids), dtype=bool)
        chosen[rows] = True
        return chosen

    def filter_mask(self, parameter, value):
        """The agreements one filter lets through, as the filter's own query would find them."""
        if parameter == "signed_from":
            return (self.years >= value) & (self.years > 0)
        if parameter == "signed_to":
            return (self.years <= value) & (self.years > 0)
        if parameter == "country":
            return self.mask(self.options["country"].rows_with(value.casefold()))
        return self.mask(self.options[parameter].rows_with(getattr(value, "slug", value)))


@memoize
def _facet_table():
    """Every agreement's facet values, read once per change of the data in each process (six queries, no joins)."""
    agreements = list(Agreement.objects.values_list("id", "kind", "status", "signed_start", "signed_in_id"))
    rows = {agreement_id: row for row, (agreement_id, *_rest) in enumerate(agreements)}
    organizations = {pk: (slug, name, country) for pk, slug, name, country in _named(Organization)}
    cities = {pk: (slug, name, country) for pk, slug, name, country in _named(City)}
    topics = dict(Topic.objects.values_list("id", "slug"))
    topic_names = dict(Topic.objects.values_list("slug", "name"))
    # (agreement, organization or None, city or None) for every party and signing place
    links = [
        *AgreementParty.objects.values_list("agreement_id", "organization_id", "city_id"),
        *((agreement_id, None, city) for agreement_id, *_rest, city in agreements if city),
    ]
    party = [(a, *organizations[o][:2]) for a, o, _c in links if o]
    city = [(a, *cities[c][:2]) for a, _o, c in links if c]
    country = [(a, (organizations[o] if o else cities[c])[2]) for a, o, c in links]
    kinds, statuses = dict(Agreement.Kind.choices), dict(Agreement.Status.choices)
    years = [(i, str(start.year), str(start.year)) for i, _kind, _status, start, _city in agreements if start]
    return _FacetTable(
        rows,
        np.array([start.year if start else 0 for _i, _k, _s, start, _c in agreements], dtype=np.int64),
        {
            "party": _options(rows, party),
            "city": _options(rows, city),
            # The filter ignores case, so "UK" and "uk" are one option.
            "country": _options(rows, [(a, c, c) for a, c in country], casefold=True),
            "kind": _options(rows, [(i, kind, kinds.get(kind, kind)) for i, kind, *_rest in agreements]),
            "status": _options(rows, [(i, status, statuses.get(status, status)) for i, _k, status, *_r in agreements]),
            "topic": _options(
                rows,
                [
                    (a, topics[t], topic_names[topics[t]])
                    for a, t in Agreement.topics.through.objects.values_list("agreement_id", "topic_id")
                ],
            ),
            "year": _options(rows, years),
        },
    )


def _named(model):
    return model.objects.order_by().values_list("pk", "slug", "name", "country")


# (URL parameter, label, the parameters a facet ignores when counting)
FACETS = [
    ("party", "Organization", ("party",)),
    ("city", "City", ("city",)),
    ("country", "Country", ("country",)),
    ("kind", "Kind", ("kind",)),
    ("status", "Status", ("status",)),
    ("topic", "Topic", ("topic",)),
    ("year", "Year signed", ("signed_from", "signed_to")),
]


# Filters the table answers; free text ("q") is looked up in the database.
TABLE_FILTERS = {"party", "city", "country", "kind", "status", "topic", "signed_from", "signed_to"}


def _masks(filterset, table):
    """{parameter: the agreements that filter alone lets through} for each filter in use."""
    masks = {}
    for parameter, value in filterset.form.cleaned_data.items():
        if parameter == "sort" or value in ("", None):
            continue
        if parameter in TABLE_FILTERS:
            masks[parameter] = table.filter_mask(parameter, value)
        else:
            alone = type(filterset)({parameter: filterset.data[parameter]}, queryset=Agreement.objects.all())
            ids = alone.qs.order_by().values_list("id", flat=True)
            masks[parameter] = table.mask([table.agreement_ids[i] for i in ids if i in table.agreement_ids])
    return masks


def _query(data, name, parameters, value, selected):
    """The query string that chooses the option (or, if chosen, drops it), back on the first page."""
    query = data.copy()
    query.pop("page", None)
    query.pop("more", None)
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


def _chosen(filterset, name):
    """The option values a facet has chosen, as its options name them: a record's slug however the
    visitor named it, a country ignoring case and spaces, a year as a plain number."""
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    if name == "year":
        first, last = cleaned.get("signed_from"), cleaned.get("signed_to")
        return {str(first)} if first is not None and first == last else set()
    value = cleaned.get(name)
    if value in (None, ""):
        return set()
    if name == "country":
        return {value.strip().casefold()}
    return {getattr(value, "slug", value)}


def agreement_facets(filterset):
    """The browser's facets for a bound, valid AgreementFilter, most agreements first.

    Counted in memory over a table of every agreement's facet values, memoized until
    the data changes; each filter in use costs one query for the agreements it
    lets through.
    """
    data = filterset.data if filterset.is_bound else QueryDict(mutable=True)
    table = _facet_table()
    masks = _masks(filterset, table) if filterset.is_bound else {}
    everything = np.ones(len(table.agreement_ids), dtype=bool)
    facets = []
    for name, label, ignored in FACETS:
        others = [mask for parameter, mask in masks.items() if parameter not in ignored]
        chosen_rows = np.logical_and.reduce([everything, *others])
        chosen = _chosen(filterset, name)
        counted = [
            (value, option_label, n, (value.casefold() if name == "country" else value) in chosen)
            for (value, option_label), n in table.options[name].counts(chosen_rows).items()
        ]
        raw = data.get("signed_from") if name == "year" else data.get(name)
        if chosen and not any(selected for *_rest, selected in counted):
            # The other filters leave none of the chosen option's agreements: still show it, to remove it.
            counted.append((raw, _chosen_label(filterset, name, raw), 0, True))
        if name == "year":
            counted.sort(key=lambda option: option[0], reverse=True)
            shown = counted
        else:
            counted.sort(key=lambda option: (-option[2], option[1].lower()))
            shown = counted if data.get("more") == name else counted[:SHOWN_OPTIONS]
            shown += [option for option in counted[len(shown) :] if option[3]]
        if not shown:
            continue
        # Query strings only for the options shown: a facet may have thousands.
        options = [Option(v, lab, n, sel, _query(data, name, ignored, v, sel)) for v, lab, n, sel in shown]
        facet = Facet(name, label, options, hidden=len(counted) - len(shown))
        if facet.hidden:
            more_query = data.copy()
            more_query["more"] = name
            facet.more_query = more_query.urlencode()
        facets.append(facet)
    return facets
