"""The partnership network: agreements, organizations, cities and people as nodes; parties and roles as edges.

Drawn on the server as SVG (no script needed to see or follow it); static/js/network.js
adds drag to pan and wheel to zoom. The layout is a force-directed one with a fixed
seed, so the same data always gives the same picture; a layout is worked out once per
change of the data (citykb/core/caching.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q
from django.db.models.functions import Coalesce

from citykb.core.caching import memoize
from citykb.core.kinds import kind_named, kind_of
from partners.models import Affiliation

from .models import AgreementParty, SigningAttendance

MAX_NODES = 300  # the most connected records the whole-network page draws
MAX_NEIGHBOURS = 60  # and a record's page, around the record itself
SIZE = 1000  # the drawing's width and height in SVG units
LAYOUT_STEPS = 200


@dataclass
class Node:
    key: str
    kind: str  # agreement, organization, city, person
    label: str
    url: str
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    source: Node
    target: Node
    label: str


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    total_nodes: int = 0  # before keeping the most connected
    size: int = SIZE  # the drawing's width and height, in SVG units


def _edges(parties, attendances, affiliations):
    """The rows as edges, (source key, target key, label) with keys like "organization:7", and
    {key: (kind, name, slug)} of the records they link: read as plain values, the names joined in, so a
    record's page draws its neighbourhood without a query per kind of record to name them."""
    party_roles, attendance_roles = dict(AgreementParty.Role.choices), dict(SigningAttendance.Role.choices)
    edges, records = [], {}

    def key(kind, pk, name, slug):
        node_key = f"{kind}:{pk}"
        records[node_key] = (kind, name, slug)
        return node_key

    partner_name, partner_slug = (
        Coalesce("organization__name", "city__name"),
        Coalesce("organization__slug", "city__slug"),
    )
    for agreement, title, agreement_slug, organization, city, name, slug, role in parties.values_list(
        "agreement_id",
        "agreement__title",
        "agreement__slug",
        "organization_id",
        "city_id",
        partner_name,
        partner_slug,
        "role",
    ):
        party = key("organization", organization, name, slug) if organization else key("city", city, name, slug)
        edges.append((key("agreement", agreement, title, agreement_slug), party, party_roles.get(role, role)))
    for agreement, title, agreement_slug, person, name, slug, role in attendances.values_list(
        "agreement_id", "agreement__title", "agreement__slug", "person_id", "person__name", "person__slug", "role"
    ):
        signing = key("agreement", agreement, title, agreement_slug)
        edges.append((key("person", person, name, slug), signing, attendance_roles.get(role, role)))
    for person, person_name, person_slug, organization, city, name, slug, title in affiliations.values_list(
        "person_id", "person__name", "person__slug", "organization_id", "city_id", partner_name, partner_slug, "title"
    ):
        where = key("organization", organization, name, slug) if organization else key("city", city, name, slug)
        edges.append((key("person", person, person_name, person_slug), where, title or "affiliated"))
    return edges, records


def _node(key, kind, name, slug):
    return Node(key, kind, name, kind_named(kind).page(slug))


def build_graph(parties, attendances, affiliations, centre=None, limit=None):
    """A laid-out Graph of these AgreementParty, SigningAttendance and Affiliation rows: the `limit` (by
    default MAX_NODES) most connected records of them. With a centre ("kind:pk"), that record sits in
    the middle and the rest, all linked to it, around it; otherwise the layout is force-directed."""
    edges, records = _edges(parties, attendances, affiliations)
    degree = defaultdict(int)
    for source, target, _label in edges:
        degree[source] += 1
        degree[target] += 1
    kept = sorted(degree, key=lambda key: (-degree[key], key))[: limit or MAX_NODES]
    nodes = {key: _node(key, *records[key]) for key in kept}
    graph = Graph(
        nodes=[nodes[key] for key in sorted(nodes)],
        edges=[Edge(nodes[s], nodes[t], label) for s, t, label in edges if s in nodes and t in nodes],
        total_nodes=len(degree),
    )
    if centre in nodes:
        _lay_out_around(graph, centre)
    else:
        _lay_out(graph)
    return graph


RING_SIZE = 24  # nodes on the first ring around a centre; each further ring holds more


def _lay_out_around(graph, centre):
    """The centre in the middle, the others on rings around it, grouped by kind then name.

    A few neighbours get a small drawing, so that its labels read at the size of
    the page's text; many get the full size (and zoom).
    """
    others = sorted((node for node in graph.nodes if node.key != centre), key=lambda n: (n.kind, n.label, n.key))
    graph.size = 480 if len(others) <= 12 else 720 if len(others) <= 36 else SIZE
    middle = graph.size / 2
    rings, start = [], 0
    while start < len(others):
        size = RING_SIZE * (len(rings) + 1)
        rings.append(others[start : start + size])
        start += size
    for number, ring in enumerate(rings, start=1):
        radius = 0.33 * graph.size * number / len(rings)  # room for labels at the edge
        for n, node in enumerate(ring):
            angle = 2 * np.pi * n / len(ring) - np.pi / 2 + (0.3 * number if number > 1 else 0)
            node.x = round(float(middle + radius * np.cos(angle)), 1)
            node.y = round(float(middle + radius * np.sin(angle)), 1)
    for node in graph.nodes:
        if node.key == centre:
            node.x = node.y = middle


def _lay_out(graph):
    """Fruchterman–Reingold: linked nodes pull together, all nodes push apart; positions fill the drawing."""
    count = len(graph.nodes)
    if not count:
        return
    index = {node.key: n for n, node in enumerate(graph.nodes)}
    rng = np.random.default_rng(20171018)
    position = rng.uniform(-1, 1, size=(count, 2))
    links = np.array([(index[e.source.key], index[e.target.key]) for e in graph.edges], dtype=int).reshape(-1, 2)
    ideal = 1.0 / np.sqrt(count)
    temperature = 0.1
    for _step in range(LAYOUT_STEPS):
        # x and y apart, in (count, count) arrays: about four times quicker than (count, count, 2) ones.
        x, y = position[:, 0], position[:, 1]
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        push = np.maximum(dx * dx + dy * dy, 1e-6)
        np.divide(ideal**2, push, out=push)  # push of j on i: (dx, dy) / distance * ideal² / distance
        move = np.stack([(dx * push).sum(axis=1), (dy * push).sum(axis=1)], axis=1)
        if len(links):
            link_delta = position[links[:, 0]] - position[links[:, 1]]
            pull = link_delta * (np.sqrt((link_delta**2).sum(axis=1)) / ideal)[:, None]
            for axis in (0, 1):
                move[:, axis] += np.bincount(links[:, 1], pull[:, axis], count)
                move[:, axis] -= np.bincount(links[:, 0], pull[:, axis], count)
        length = np.maximum(np.sqrt((move**2).sum(axis=1)), 1e-9)
        position += move / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.98
    low, high = position.min(axis=0), position.max(axis=0)
    span = np.where(high - low > 0, high - low, 1)
    margin = 0.08 * SIZE
    scaled = margin + (position - low) / span * (SIZE - 2 * margin)
    for node, (x, y) in zip(graph.nodes, scaled, strict=True):
        node.x, node.y = round(float(x), 1), round(float(y), 1)


@memoize
def whole_network():
    return build_graph(AgreementParty.objects.all(), SigningAttendance.objects.all(), Affiliation.objects.all())


def neighbourhood(record):
    """The record and what is directly linked to it: an agreement's parties and signatories, a partner's
    agreements and people, a person's signings and affiliations."""
    kind = kind_of(record).name
    parties, attendances, affiliations = AgreementParty.objects, SigningAttendance.objects, Affiliation.objects
    none = Q(pk__in=[])
    conditions = {
        "agreement": (Q(agreement=record), Q(agreement=record), none),
        "organization": (Q(organization=record), none, Q(organization=record)),
        "city": (Q(city=record), none, Q(city=record)),
        "person": (none, Q(person=record), Q(person=record)),
    }[kind]
    return build_graph(
        parties.filter(conditions[0]),
        attendances.filter(conditions[1]),
        affiliations.filter(conditions[2]),
        centre=f"{kind}:{record.pk}",
        limit=MAX_NEIGHBOURS,
    )
