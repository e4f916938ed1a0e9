"""Where a partnership drawing writes its records' names, and the box the drawing needs.

Names are placed most connected record first, each on the side of its dot facing away from
its links (where there is room), and only where the name covers no other name and no other
dot; a record whose name does not fit is named when it is hovered or has the focus (and by
its <title> always). The view box is then drawn tight around the dots and the shown names.

Plain geometry on the laid-out graph (agreements/network.py): no Django, no queries.
"""

from dataclasses import dataclass
from math import hypot

from django.utils.text import Truncator

FONT_SIZE = 13  # SVG units, as static/css/site.css draws the names
ASCENT, DESCENT = 0.95 * FONT_SIZE, 0.3 * FONT_SIZE  # above and below the baseline, a little over DejaVu Sans'
GAP = 3  # between a dot and its name
PADDING = 2  # kept clear around a name
MARGIN = 12  # around the drawing
LONGEST = 32  # characters of a name drawn; the whole name is in the record's <title>

# Advance widths in ems of DejaVu Sans (Debian's sans-serif, wider than most), so that a name never
# takes more room than is worked out for it.
_WIDTHS = {
    **dict.fromkeys(" .,:;!|'", 0.34),
    **dict.fromkeys("ijlI", 0.3),
    **dict.fromkeys("frt()[]-J", 0.42),
    **dict.fromkeys('cszk"', 0.58),
    **dict.fromkeys("abdeghnopquvxy0123456789?$#_", 0.64),
    **dict.fromkeys("FLPTYZ", 0.64),
    **dict.fromkeys("mMW…", 1.0),
    "w": 0.82,
    "@": 1.0,
    "%": 0.96,
}
_CAPITAL, _OTHER, _WIDE = 0.8, 0.8, 1.0


def text_width(text, size=FONT_SIZE):
    """An upper bound of the width of `text` drawn at `size`."""

    def em(character):
        if character in _WIDTHS:
            return _WIDTHS[character]
        if character.isupper():
            return _CAPITAL
        return _WIDE if ord(character) >= 0x2E80 else _OTHER

    return size * sum(em(character) for character in text)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other):
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    def grown(self, by):
        return Box(self.left - by, self.top - by, self.right + by, self.bottom + by)

    def inside(self, other):
        return (
            self.left >= other.left
            and self.top >= other.top
            and self.right <= other.right
            and self.bottom <= other.bottom
        )


def dot_box(node):
    r = node.radius
    return Box(node.x - r, node.y - r, node.x + r, node.y + r)


@dataclass(frozen=True)
class Label:
    x: float  # where the text is anchored, its baseline at y
    y: float
    anchor: str  # start, middle or end
    box: Box


# The sides a name may take: its direction from the dot (to prefer the freest), and its anchor.
SIDES = {
    "above": ((0, -1), "middle"),
    "below": ((0, 1), "middle"),
    "right": ((1, 0), "start"),
    "left": ((-1, 0), "end"),
    "above-right": ((0.7, -0.7), "start"),
    "above-left": ((-0.7, -0.7), "end"),
    "below-right": ((0.7, 0.7), "start"),
    "below-left": ((-0.7, 0.7), "end"),
}


def label_at(node, side, width):
    """The Label of `node`'s name, `width` wide, on `side` of its dot."""
    (dx, dy), anchor = SIDES[side]
    r, height = node.radius, ASCENT + DESCENT
    # The point of the name's box nearest the dot: its middle, a corner or the middle of an edge.
    if dx and dy:
        reach = r * 0.75 + GAP
        x, y = node.x + dx / abs(dx) * reach, node.y + dy / abs(dy) * reach
    else:
        x, y = node.x + dx * (r + GAP), node.y + dy * (r + GAP)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    top = y - height / 2 if not dy else y - height if dy < 0 else y
    box = Box(round(left, 1), round(top, 1), round(left + width, 1), round(top + height, 1))
    return Label(round(x, 1), round(top + ASCENT, 1), anchor, box)


def _sides_by_room(node, neighbours):
    """The sides in order of preference: away from the node's links first."""
    away_x = -sum((other.x - node.x) / (hypot(other.x - node.x, other.y - node.y) or 1) for other in neighbours)
    away_y = -sum((other.y - node.y) / (hypot(other.x - node.x, other.y - node.y) or 1) for other in neighbours)
    if hypot(away_x, away_y) < 1e-6:
        away_x, away_y = 0, -1  # nothing to avoid, or links all round: above
    order = list(SIDES)
    return sorted(
        order, key=lambda side: (-(SIDES[side][0][0] * away_x + SIDES[side][0][1] * away_y), order.index(side))
    )


def place_labels(graph):
    """Sets each node's `short_label` (the name drawn), `label_place` (a Label) and `label_shown`, and the graph's
    `view_box` (left, top, width, height): names of the most connected first, none covering another
    name or another dot; the view box tight around the dots and shown names, with a margin (and at
    least three quarters of the graph's size wide)."""
    neighbours = {node.key: [] for node in graph.nodes}
    for edge in graph.edges:
        neighbours[edge.source.key].append(edge.target)
        neighbours[edge.target.key].append(edge.source)
    dots = [(node.key, dot_box(node).grown(1)) for node in graph.nodes]
    placed = []  # boxes of the shown names
    preferences = {}
    for node in sorted(graph.nodes, key=lambda node: (-len(neighbours[node.key]), node.key)):
        node.short_label = Truncator(node.label).chars(LONGEST)
        width = text_width(node.short_label)
        preferences[node.key] = sides = _sides_by_room(node, neighbours[node.key])
        node.label_place, node.label_shown = label_at(node, sides[0], width), False
        for side in sides:
            label = label_at(node, side, width)
            clear = label.box.grown(PADDING)
            if any(clear.overlaps(box) for key, box in dots if key != node.key):
                continue
            if any(clear.overlaps(box) for box in placed):
                continue
            node.label_place, node.label_shown = label, True
            placed.append(label.box)
            break
    boxes = [dot_box(node) for node in graph.nodes] + placed
    if not boxes:
        graph.view_box = (0, 0, graph.size, graph.size)
        return
    bounds = Box(
        min(box.left for box in boxes) - MARGIN,
        min(box.top for box in boxes) - MARGIN,
        max(box.right for box in boxes) + MARGIN,
        max(box.bottom for box in boxes) + MARGIN,
    )
    # No narrower than most of the drawing's size, so that a few records are not blown up past the page's text.
    widen = max(0, 0.75 * graph.size - (bounds.right - bounds.left)) / 2
    bounds = Box(bounds.left - widen, bounds.top, bounds.right + widen, bounds.bottom)
    # A name shown on hover goes where the drawing shows it whole, if a side allows.
    for node in graph.nodes:
        if not node.label_shown:
            width = text_width(node.short_label)
            node.label_place = next(
                (
                    label
                    for label in (label_at(node, side, width) for side in preferences[node.key])
                    if label.box.inside(bounds)
                ),
                node.label_place,
            )
    graph.view_box = tuple(
        round(value, 1) for value in (bounds.left, bounds.top, bounds.right - bounds.left, bounds.bottom - bounds.top)
    )
