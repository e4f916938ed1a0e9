"""{% agreement_rows agreements %} and {% facet_options facet %}: the agreement browser's rows and options.

Tags written in Python rather than loops of template markup, as {% sources %} is: a page of
the browser shows fifty rows and some eighty options, a thousand template variables resolved
one by one; written here, the page took an eighth less time to make (bench/miss_costs.py).
"""

from django import template
from django.utils.html import format_html, format_html_join

from .dates import fuzzy_date

register = template.Library()

ROW = """  <li>
    <h3><a href="{}">{}</a></h3>
    <p class="meta">{} · signed {}{}</p>
    <p class="parties">{}</p>
  </li>"""


def _row_values(agreement):
    place = agreement.signed_in
    signed_in = format_html(' in <a href="{}">{}</a>', place.get_absolute_url(), place.name) if place else ""
    signatories = format_html_join(
        "",
        '<a href="{}">{}</a>',
        (
            (party.party.get_absolute_url(), party.party.name)
            for party in agreement.parties.all()
            if party.role == party.Role.SIGNATORY
        ),
    )
    return (
        agreement.get_absolute_url(),
        agreement.title,
        agreement.get_kind_display(),
        fuzzy_date(agreement.signed),
        signed_in,
        signatories,
    )


@register.simple_tag
def agreement_rows(agreements):
    """A list of agreements, each with its kind, signing date and place and its signatories."""
    if not agreements:
        return format_html('<p class="empty">{}</p>', "No agreements yet.")
    return format_html('<ul class="records">\n{}\n</ul>', format_html_join("\n", ROW, map(_row_values, agreements)))


OPTION = '<li><a href="?{query}">{label}</a> <span class="facet-count">{count}</span></li>'
SELECTED_OPTION = (
    '<li><strong aria-current="true">{label}</strong> <span class="facet-count">{count}</span>\n'
    '          <a href="?{query}" aria-label="Remove the {facet} filter {label}">×</a></li>'
)


@register.simple_tag
def facet_options(facet):
    """A facet's options, each a link that chooses it, with its count; a chosen one links to removing it."""
    options = (
        format_html(
            SELECTED_OPTION if option.selected else OPTION,
            label=option.label,
            count=option.count,
            query=option.query,
            facet=facet.label,
        )
        for option in facet.options
    )
    return format_html(
        "<ul>\n        {}\n      </ul>", format_html_join("\n        ", "{}", ((option,) for option in options))
    )
