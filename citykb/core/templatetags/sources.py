"""{% sources record %}: a fact's sources, each quoted passage with a link to it in its announcement.

{% sources agreement "signing_citations" %} shows the citations of another of its fields. Beside them,
the record's facts those passages would state but that an editor marked as having no source yet.
{% unsourced record "description" %} shows "no source yet" beside one such field.

A list of facts (an agreement's parties, an organization's agreements) shows its sources once, below it:
{% unsourced_note row %} beside each row, {% list_sources rows %} after the list, each passage once with the
rows it states. A row may be a record or the roles of one record (citykb.core.roles.RecordRoles).
"""

from django import template
from django.utils.html import format_html

from citykb.core.citations import citations_of, in_its_sentence
from citykb.core.models import CitedRecord, field_labels
from citykb.core.roles import RecordRoles

register = template.Library()


def _cited(row, field):
    """(record, citation field) of each fact the row shows."""
    return row.cited if isinstance(row, RecordRoles) else [(row, field)]


def _passages(citations):
    """Each citation once, in the order given, as the template shows it: in its sentence."""
    seen, passages = set(), []
    for citation in citations:
        if citation.pk not in seen:
            seen.add(citation.pk)
            before, quote, after = in_its_sentence(citation)
            passages.append({"citation": citation, "before": before, "quote": quote, "after": after})
    return passages


def _unsourced(row, field):
    """The labels of the row's facts marked as having no source yet: ("kind and country", several)."""
    labels = []
    for record, cited_by in _cited(row, field):
        if isinstance(record, CitedRecord):
            names = record.unsourced_fields(cited_by)
            if names:
                labels.append((field_labels(type(record), names), len(names)))
    if not labels:
        return "", False
    return " and ".join(label for label, _count in labels), sum(count for _label, count in labels) > 1


@register.inclusion_tag("includes/sources.html")
def sources(record, field="citations"):
    """The passages that state a fact of the record (or of a record's roles), folded away under "Sources",
    and the facts they do not state (yet); nothing if neither."""
    unsourced, several = _unsourced(record, field)
    citations = [citation for one, cited_by in _cited(record, field) for citation in citations_of(one, cited_by)]
    return {"passages": _passages(citations), "unsourced": unsourced, "several": several}


@register.inclusion_tag("includes/sources.html")
def unsourced_note(row, field="citations"):
    """Only the "no source yet" note of a row whose passages {% list_sources %} shows below its list."""
    unsourced, several = _unsourced(row, field)
    return {"passages": [], "unsourced": unsourced, "several": several}


@register.inclusion_tag("includes/sources.html")
def list_sources(rows, field="citations"):
    """The passages stating the rows of a list, each once, with the rows it states: one "Sources" below a
    list rather than one per row."""
    citations, stating = [], {}
    for row in rows:
        for record, cited_by in _cited(row, field):
            for citation in citations_of(record, cited_by):
                citations.append(citation)
                named = stating.setdefault(citation.pk, [])
                if str(row) not in named:
                    named.append(str(row))
    passages = _passages(citations)
    for passage in passages:
        passage["states"] = stating[passage["citation"].pk]
    return {"passages": passages, "grouped": True}


@register.simple_tag
def unsourced(record, field):
    """ "no source yet" if an editor marked this field of the record as stated by none of its passages."""
    if isinstance(record, CitedRecord) and record.is_unsourced(field):
        return format_html(' <span class="unsourced">{}</span>', "no source yet")
    return ""
