"""{% sources record %}: a fact's sources, each quoted passage with a link to it in its announcement.

{% sources agreement "signing_citations" %} shows the citations of another of its fields. Beside them,
the record's facts those passages would state but that an editor marked as having no source yet.
{% unsourced record "description" %} shows "no source yet" beside one such field.
"""

from django import template
from django.utils.html import format_html

from citykb.core.citations import citations_of
from citykb.core.models import CitedRecord, field_labels

register = template.Library()


@register.inclusion_tag("includes/sources.html")
def sources(record, field="citations"):
    """The passages that state a fact of the record, folded away under "Sources", and the facts they do not
    state (yet); nothing if neither."""
    unsourced = record.unsourced_fields(field) if isinstance(record, CitedRecord) else []
    return {
        "citations": citations_of(record, field),
        "unsourced": field_labels(type(record), unsourced) if unsourced else "",
        "several": len(unsourced) > 1,
    }


@register.simple_tag
def unsourced(record, field):
    """ "no source yet" if an editor marked this field of the record as stated by none of its passages."""
    if isinstance(record, CitedRecord) and record.is_unsourced(field):
        return format_html(' <span class="unsourced">{}</span>', "no source yet")
    return ""
