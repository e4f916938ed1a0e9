"""The partnership network: agreements, organizations, cities and people as nodes; parties and roles as edges.

Drawn on the server as SVG (no script needed to see or follow it); static/js/network.js
adds drag to pan and wheel to zoom. The layout is a force-directed one with a fixed
seed, so the same data always gives the same picture.
"""

from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q

from partners.models import Affiliation

from .models import AgreementParty, SigningAttendance

MAX_NODES = 300  # the most connected records the whole-network page draws
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

    @property
    def size(self):
        return SIZE


def _node(nodes, kind, record):
    key = f"{kind}:{record.pk}"
    if key not in nodes:
        nodes[key] = Node(key, kind, str(record), record.get_absolute_url())
    return nodes[key]


def build_graph(parties, attendances, affiliations):
    """A laid-out Graph of these AgreementParty, SigningAttendance and Affiliation rows (the MAX_NODES most
    connected records of them)."""
    nodes, edges = {}, []
    for party in parties:
        kind, record = ("organization", party.organization) if party.organization else ("city", party.city)
        edges.append((_node(nodes, "agreement", party.agreement), _node(nodes, kind, record), party.get_role_display()))
    for attendance in attendances:
        agreement, person = _node(nodes, "agreement", attendance.agreement), _node(nodes, "person", attendance.person)
        edges.append((person, agreement, attendance.get_role_display()))
    for affiliation in affiliations:
        where = affiliation.organization or affiliation.city
        kind = "organization" if affiliation.organization else "city"
        edges.append(
            (_node(nodes, "person", affiliation.person), _node(nodes, kind, where), affiliation.title or "affiliated")
        )
    degree = {key: 0 for key in nodes}
    for source, target, _label in edges:
        degree[source.key] += 1
        degree[target.key] += 1
    kept = set(sorted(nodes, key=lambda key: (-degree[key], key))[:MAX_NODES])
    graph = Graph(
        nodes=[node for key, node in sorted(nodes.items()) if key in kept],
        edges=[Edge(s, t, label) for s, t, label in edges if s.key in kept and t.key in kept],
        total_nodes=len(nodes),
    )
    _lay_out(graph)
    return graph


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
        delta = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        push = (delta / distance[..., None] * (ideal**2 / distance)[..., None]).sum(axis=1)
        pull = np.zeros_like(position)
        if len(links):
            link_delta = position[links[:, 0]] - position[links[:, 1]]
            link_distance = np.maximum(np.linalg.norm(link_delta, axis=1), 1e-3)
            force = link_delta * (link_distance / ideal)[:, None]
            np.add.at(pull, links[:, 0], -force)
            np.add.at(pull, links[:, 1], force)
        move = push + pull
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        position += move / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.98
    low, high = position.min(axis=0), position.max(axis=0)
    span = np.where(high - low > 0, high - low, 1)
    margin = 0.08 * SIZE
    scaled = margin + (position - low) / span * (SIZE - 2 * margin)
    for node, (x, y) in zip(graph.nodes, scaled, strict=True):
        node.x, node.y = round(float(x), 1), round(float(y), 1)


def whole_network():
    return build_graph(
        AgreementParty.objects.select_related("agreement", "organization", "city"),
        SigningAttendance.objects.select_related("agreement", "person"),
        Affiliation.objects.select_related("person", "organization", "city"),
    )


def neighbourhood(record):
    """The record and what is directly linked to it: an agreement's parties and signatories, a partner's
    agreements and people, a person's signings and affiliations."""
    kind = record._meta.model_name
    parties = AgreementParty.objects.select_related("agreement", "organization", "city")
    attendances = SigningAttendance.objects.select_related("agreement", "person")
    affiliations = Affiliation.objects.select_related("person", "organization", "city")
    none = Q(pk__in=[])
    conditions = {
        "agreement": (Q(agreement=record), Q(agreement=record), none),
        "organization": (Q(organization=record), none, Q(organization=record)),
        "city": (Q(city=record), none, Q(city=record)),
        "person": (none, Q(person=record), Q(person=record)),
    }[kind]
    return build_graph(
        parties.filter(conditions[0]), attendances.filter(conditions[1]), affiliations.filter(conditions[2])
    )
