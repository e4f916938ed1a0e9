"""Addresses of record and passage pages, made fast enough for a page that links hundreds of them."""

import functools
import re

from django.urls import get_script_prefix, get_urlconf, reverse

PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_PLACEHOLDER = "citykb-slug-placeholder"
NUMBER_PLACEHOLDERS = ("9000000001", "9000000002")


@functools.lru_cache(maxsize=64)
def _address_pattern(view_name, numbers, urlconf, prefix):
    return reverse(view_name, urlconf=urlconf, args=[SLUG_PLACEHOLDER, *NUMBER_PLACEHOLDERS[:numbers]])


def page_address(view_name, slug, *numbers):
    """reverse(view_name, args=[slug, *numbers]), with each view reversed once: a record's page links
    hundreds of records and passages, and Django's reverse() took a tenth of its time. A plain ASCII slug
    and whole numbers need no quoting; anything else goes through reverse()."""
    if not PLAIN_SLUG.fullmatch(slug) or not all(type(number) is int and number >= 0 for number in numbers):
        return reverse(view_name, args=[slug, *numbers])
    address = _address_pattern(view_name, len(numbers), get_urlconf(), get_script_prefix())
    address = address.replace(SLUG_PLACEHOLDER, slug)
    for placeholder, number in zip(NUMBER_PLACEHOLDERS, numbers, strict=False):
        address = address.replace(placeholder, str(number))
    return address
