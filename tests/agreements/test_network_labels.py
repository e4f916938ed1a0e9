"""Where the partnership drawing writes names (agreements/network_labels.py), on small made-up graphs."""

from itertools import combinations

from agreements.network import Edge, Graph, Node
from agreements.network_labels import MARGIN, dot_box, place_labels


def graph_of(positions, links, size=10):
    nodes = {
        key: Node(key, "agreement" if key.startswith("a") else "city", name, f"/{key}/", x, y)
        for key, (name, x, y) in positions.items()
    }
    graph = Graph(nodes=list(nodes.values()), edges=[Edge(nodes[s], nodes[t], "party") for s, t in links], size=size)
    place_labels(graph)
    return graph, nodes


def assert_no_name_covers_another_or_a_dot(graph):
    shown = [node for node in graph.nodes if node.label_shown]
    for one, other in combinations(shown, 2):
        assert not one.label_place.box.overlaps(other.label_place.box), (one.label, other.label)
    for node in shown:
        for other in graph.nodes:
            assert other is node or not node.label_place.box.overlaps(dot_box(other)), (node.label, other.label)


STAR = {
    "a:1": ("Milton Keynes, Yinchuan and ZTE three-way agreement", 200, 200),
    "c:1": ("Yinchuan", 260, 200),
    "c:2": ("Milton Keynes", 140, 200),
    "c:3": ("Chengdu", 200, 150),
    "c:4": ("Tianfu New Area", 200, 250),
}
STAR_LINKS = [("a:1", "c:1"), ("a:1", "c:2"), ("a:1", "c:3"), ("a:1", "c:4")]


def test_each_name_goes_on_the_side_of_its_dot_away_from_its_links():
    graph, nodes = graph_of(STAR, STAR_LINKS)
    assert_no_name_covers_another_or_a_dot(graph)
    yinchuan, milton_keynes = nodes["c:1"], nodes["c:2"]
    assert yinchuan.label_shown and yinchuan.label_place.box.left > yinchuan.x, "right of a dot linked leftwards"
    assert milton_keynes.label_shown and milton_keynes.label_place.box.right < milton_keynes.x
    assert nodes["c:3"].label_place.box.bottom < nodes["c:3"].y, "above a dot linked downwards"
    assert nodes["c:4"].label_place.box.top > nodes["c:4"].y
    assert nodes["a:1"].short_label == "Milton Keynes, Yinchuan and ZTE…", "long names are cut short"


def test_a_name_with_no_room_is_left_for_hover_and_the_most_connected_are_named_first():
    crowd = {"a:hub": ("Hub agreement", 0, 0)}
    for n, (dx, dy) in enumerate([(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)]):
        crowd[f"c:{n}"] = (f"Neighbour number {n}", 20 * dx, 20 * dy)
    graph, nodes = graph_of(crowd, [("a:hub", f"c:{n}") for n in range(3)])
    assert_no_name_covers_another_or_a_dot(graph)
    assert not nodes["a:hub"].label_shown, "no side of the hub is free of dots"
    assert nodes["a:hub"].label_place is not None, "its name is still drawn, shown on hover and focus"
    named = [node.key for node in graph.nodes if node.label_shown]
    assert named and named[0] in {"c:0", "c:1", "c:2"}, "those with links are named before the others"


def test_the_view_box_is_tight_around_the_dots_and_names_with_a_margin():
    graph, nodes = graph_of(STAR, STAR_LINKS)
    boxes = [dot_box(node) for node in graph.nodes] + [n.label_place.box for n in graph.nodes if n.label_shown]
    left, top, width, height = graph.view_box
    assert left == round(min(box.left for box in boxes) - MARGIN, 1)
    assert top == round(min(box.top for box in boxes) - MARGIN, 1)
    assert round(left + width, 1) == round(max(box.right for box in boxes) + MARGIN, 1)
    assert round(top + height, 1) == round(max(box.bottom for box in boxes) + MARGIN, 1)


def test_the_same_graph_gets_the_same_names_in_the_same_places():
    first, _ = graph_of(STAR, STAR_LINKS)
    second, _ = graph_of(STAR, STAR_LINKS)
    assert [(n.label_place, n.label_shown) for n in first.nodes] == [
        (n.label_place, n.label_shown) for n in second.nodes
    ]
    assert first.view_box == second.view_box
