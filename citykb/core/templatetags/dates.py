"""{% fuzzy_date date %}: a FuzzyDate as every page shows it.

A tag written in Python rather than an included template, as {% sources %} is:
lists show a date on each of their fifty rows.
"""

from django import template
from django.utils.html import format_html

from citykb.core.dates import DAY, MONTH, YEAR

register = template.Library()


@register.simple_tag
def fuzzy_date(date):
    """A day, month or year as <time>; a vaguer date ("late 2016") in words, with its ISO interval as a
    tooltip; "not stated" when the source gives none."""
    if not date.is_known:
        return format_html('<span class="unknown">{}</span>', "not stated")
    if date.precision in (DAY, MONTH, YEAR):
        return format_html('<time datetime="{}">{}</time>', date.iso(), date)
    return format_html('<span class="fuzzy-date" title="{}">{}</span>', date.iso(), date)
