"""{% sources record %}: a fact's sources, each quoted passage with a link to it in its announcement.

{% sources agreement "signing_citations" %} shows the citations of another of its fields.
"""

from django import template

from citykb.core.citations import citations_of

register = template.Library()


@register.inclusion_tag("includes/sources.html")
def sources(record, field="citations"):
    """The passages that state a fact of the record, folded away under "Sources"; nothing if none."""
    return {"citations": citations_of(record, field)}
