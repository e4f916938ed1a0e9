"""The partnership network and each record's connections, drawn on the server as SVG."""

import re

from agreements import network
from partners.models import Organization


def nodes(response):
    return {(node.kind, node.label) for node in response.context["graph"].nodes}


def test_the_network_links_agreements_to_their_parties_signatories_and_people(seeded, visitor):
    response = visitor.get("/network/")
    assert response.status_code == 200
    found = nodes(response)
    assert ("agreement", "Milton Keynes Council, Yinchuan and ZTE three-way agreement") in found
    assert {("organization", "ZTE"), ("organization", "Nokia"), ("city", "Yinchuan")} <= found
    assert any(kind == "person" for kind, _label in found)
    labels = {(e.source.label, e.label, e.target.label) for e in response.context["graph"].edges}
    assert ("Milton Keynes Council, Yinchuan and ZTE three-way agreement", "Implements the projects", "ZTE") in labels
    page = response.content.decode()
    assert page.count("<circle") == len(found)
    for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', page):
        assert 0 <= float(x) <= network.SIZE and 0 <= float(y) <= network.SIZE
    for url in set(re.findall(r'<a href="(/[^"]+/)" class="node', page)):
        assert visitor.get(url).status_code == 200


def test_the_layout_is_the_same_every_time(seeded, visitor):
    first = visitor.get("/network/").content
    assert visitor.get("/network/").content == first


def test_a_record_page_draws_what_is_directly_linked_to_it(seeded, visitor):
    found = nodes(visitor.get("/organizations/zte/"))
    assert ("organization", "ZTE") in found
    assert ("agreement", "Milton Keynes Council, Yinchuan and ZTE three-way agreement") in found
    assert ("organization", "Nokia") not in found
    signers = nodes(visitor.get("/agreements/nokia-tianfu-new-area-digital-city-mou/"))
    assert {("organization", "Nokia"), ("city", "Tianfu New Area")} <= signers


def test_a_large_network_keeps_the_most_connected_and_says_so(seeded, visitor, monkeypatch):
    monkeypatch.setattr(network, "MAX_NODES", 5)
    response = visitor.get("/network/")
    assert len(response.context["graph"].nodes) == 5
    assert f"the most connected of {response.context['graph'].total_nodes}" in response.content.decode()


def test_names_are_escaped_in_the_drawing(seeded, visitor):
    Organization.objects.filter(slug="zte").update(name='<script>alert("x")</script>')
    page = visitor.get("/network/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_the_network_runs_a_constant_number_of_queries(agreement_world, db, visitor, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = visitor.get("/network/")
    assert len(response.context["graph"].nodes) <= network.MAX_NODES


def test_a_record_is_drawn_in_the_middle_of_its_connections(seeded, visitor):
    graph = visitor.get("/agreements/milton-keynes-yinchuan-zte-three-way-agreement/").context["graph"]
    middle = graph.size / 2
    centre = next(node for node in graph.nodes if node.kind == "agreement")
    assert (centre.x, centre.y) == (middle, middle)
    others = [node for node in graph.nodes if node is not centre]
    assert len({(node.x, node.y) for node in others}) == len(others), "no two records on the same spot"
    assert all(0 <= node.x <= graph.size and 0 <= node.y <= graph.size for node in others)
    assert graph.size < network.SIZE, "a few connections get a small drawing that reads at text size"
