"""{% sources record %}: a fact's sources, each quoted passage with a link to it in its announcement.

{% sources agreement "signing_citations" %} shows the citations of another of its fields.

A tag written in Python rather than an included template: record pages show
dozens of facts, and including a template for each one was most of their time.
"""

from django import template
from django.template.defaultfilters import pluralize
from django.utils.html import format_html, format_html_join

from agreements.models import citations_of

register = template.Library()

SOURCE = (
    '<li><blockquote cite="{0}">{1}</blockquote>\n'
    '      <a href="{0}">{2}</a>\n'
    '      · <a href="{3}" class="cite-this" aria-label="Cite this passage of {2}">Cite this</a></li>'
)


@register.simple_tag
def sources(record, field="citations"):
    """The passages that state a fact of the record, folded away under "Sources"; nothing if none."""
    citations = citations_of(record, field)
    if not citations:
        return ""
    items = format_html_join(
        "\n",
        SOURCE,
        ((c.get_absolute_url(), c.quote, c.announcement.title, c.get_permalink()) for c in citations),
    )
    return format_html(
        '<details class="citations">\n  <summary>Source{}</summary>\n  <ul>\n{}\n  </ul>\n</details>',
        pluralize(len(citations)),
        items,
    )
