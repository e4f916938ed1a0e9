"""The partnership network: agreements, organizations, cities and people as nodes; parties and roles as edges.

Drawn on the server as SVG (no script needed to see or follow it); static/js/network.js
adds drag to pan and wheel to zoom. The layout is a force-directed one with a fixed
seed, each group of linked records on its own and the groups set side by side, so the
same data always gives the same picture; names are then placed where they cover nothing
(agreements/network_labels.py). A layout is worked out once per change of the data
(citykb/core/caching.py).
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
from .network_labels import Label, place_labels

MAX_NODES = 300  # the most connected records the whole-network page draws
MAX_NEIGHBOURS = 60  # and a record's page, around the record itself
SIZE = 1000  # the drawing's width and height in SVG units
LAYOUT_STEPS = 200
MARGIN = 0.08 * SIZE  # kept clear around the whole network's drawing


@dataclass
class Node:
    key: str
    kind: str  # agreement, organization, city, person
    label: str
    url: str
    x: float = 0.0
    y: float = 0.0
    short_label: str = ""  # the name as drawn (agreements/network_labels.py)
    label_place: Label | None = None
    label_shown: bool = False  # or on hover and focus only

    @property
    def radius(self):
        """Of its dot, in SVG units: agreements a little larger."""
        return 11 if self.kind == "agreement" else 8


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
    view_box: tuple = (0, 0, SIZE, SIZE)  # the part of it drawn: left, top, width, height


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
    place_labels(graph)
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
    """Each group of linked records laid out on its own (force-directed), the groups then set side by side
    in rows, largest first, so that no group is pushed off to a corner; positions fill the drawing."""
    if not graph.nodes:
        return
    index = {node.key: n for n, node in enumerate(graph.nodes)}
    links = [(index[e.source.key], index[e.target.key]) for e in graph.edges]
    blocks = []  # (members, their positions from 0, width, height), in units of about a link's length
    for members in _groups(len(graph.nodes), links):
        local = {n: m for m, n in enumerate(members)}
        position = _force_directed(len(members), [(local[a], local[b]) for a, b in links if a in local])
        position -= position.min(axis=0)
        extent = position.max()
        side = np.sqrt(len(members))  # room for the group as it grows
        position = position / extent * side if extent > 0 else position
        blocks.append((members, position, *(position.max(axis=0))))
    gap = 1.0
    row_width = max(
        max(block[2] for block in blocks), 1.6 * np.sqrt(sum((w + gap) * (h + gap) for _m, _p, w, h in blocks))
    )
    placed, x, y, row = np.zeros((len(graph.nodes), 2)), 0.0, 0.0, []

    def end_row():
        height = max(h for _m, _p, _x, h in row)
        for members, position, left, h in row:
            placed[members] = position + (left, y + (height - h) / 2)
        return y + height + gap

    for members, position, width, height in blocks:
        if row and x + width > row_width:
            y, x, row = end_row(), 0.0, []
        row.append((members, position, x, height))
        x += width + gap
    end_row()
    span = placed.max(axis=0)
    # A few records get a smaller drawing, so that their names read at about the size of the page's text.
    extent = min(SIZE - 2 * MARGIN, max(320, 150 * np.sqrt(len(graph.nodes))))
    scale = extent / max(span.max(), 1e-9)
    offset = (SIZE - span * scale) / 2  # centred in the drawing
    for node, (x, y) in zip(graph.nodes, placed * scale + offset, strict=True):
        node.x, node.y = round(float(x), 1), round(float(y), 1)


def _groups(count, links):
    """The connected groups of nodes 0…count-1, each a sorted list, largest first (then by first member)."""
    parent = list(range(count))

    def root(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in links:
        parent[root(a)] = root(b)
    groups = defaultdict(list)
    for n in range(count):
        groups[root(n)].append(n)
    return sorted(groups.values(), key=lambda members: (-len(members), members[0]))


def _force_directed(count, links):
    """Fruchterman–Reingold with a fixed seed: linked nodes pull together, all nodes push apart."""
    if count <= 2:
        return np.array([(0.0, 0.0), (1.0, 0.0)][:count])
    rng = np.random.default_rng(20171018)
    position = rng.uniform(-1, 1, size=(count, 2))
    links = np.array(links, dtype=int).reshape(-1, 2)
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
    return position


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
