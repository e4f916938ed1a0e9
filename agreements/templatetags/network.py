"""{% network graph graph_id graph_title %}: a laid-out Graph (agreements.network) drawn as an SVG figure.

A tag written in Python rather than an included template, like {% sources %}: a record's page
draws up to 60 records and their links, and a template loop over them took a fifth of the page's
time. Coordinates are SVG numbers, written unlocalized.
"""

from django import template
from django.template.defaultfilters import pluralize
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst

register = template.Library()

FIGURE = """<figure class="network">
  <svg viewBox="0 0 {size} {size}" role="img" aria-labelledby="{id}-title" class="network-graph" data-pan-zoom>
    <title id="{id}-title">{title}</title>
    <g class="edges">{edges}
    </g>
    <g class="nodes">{nodes}
    </g>
  </svg>
  <figcaption>{shown} record{plural}{most_connected}.
    Hover a dot for its name, click to open its page; drag to move, scroll to zoom.
    <span class="legend"><span class="node-agreement">●</span> agreement <span class="node-organization">●</span> \
organization <span class="node-city">●</span> city <span class="node-person">●</span> person</span></figcaption>
</figure>"""
EDGE = '\n      <line x1="{}" y1="{}" x2="{}" y2="{}"><title>{} — {} — {}</title></line>'
NODE = """
      <a href="{}" class="node node-{}"><title>{}: {}</title>
        <circle cx="{}" cy="{}" r="{}"/>
        <text x="{}" y="{}" dy="-14">{}</text>
      </a>"""
LABEL_LENGTH = 32


@register.simple_tag
def network(graph, graph_id, graph_title):
    edges = format_html_join(
        "",
        EDGE,
        (
            (e.source.x, e.source.y, e.target.x, e.target.y, e.source.label, e.label, e.target.label)
            for e in graph.edges
        ),
    )
    nodes = format_html_join(
        "",
        NODE,
        (
            (
                n.url,
                n.kind,
                capfirst(n.kind),
                n.label,
                n.x,
                n.y,
                11 if n.kind == "agreement" else 8,
                n.x,
                n.y,
                Truncator(n.label).chars(LABEL_LENGTH),
            )
            for n in graph.nodes
        ),
    )
    shown = len(graph.nodes)
    return format_html(
        FIGURE,
        size=graph.size,
        id=graph_id,
        title=graph_title,
        edges=edges,
        nodes=nodes,
        shown=shown,
        plural=pluralize(shown),
        most_connected=format_html(" — the most connected of {}", graph.total_nodes)
        if graph.total_nodes > shown
        else "",
    )
