"""Record pages' addresses are the ones Django reverses, below any script prefix; unknown views are refused."""

import pytest


@pytest.mark.parametrize(
    ("view_name", "arguments"),
    [
        ("partners:city_detail", ["yinchuan"]),
        ("partners:organization_detail", ["zte_corporation-2"]),
        ("agreements:passage", ["nokia-smart-city", 0, 129]),
    ],
)
def test_record_addresses_are_those_django_reverses(view_name, arguments):
    from django.urls import reverse, set_script_prefix

    from citykb.core.pages import page_address

    assert page_address(view_name, *arguments) == reverse(view_name, args=arguments)
    set_script_prefix("/kb/")  # served below a path, behind a proxy
    try:
        assert page_address(view_name, *arguments) == reverse(view_name, args=arguments)
        assert page_address(view_name, *arguments).startswith("/kb/")
    finally:
        set_script_prefix("/")


def test_an_address_no_view_has_is_refused_as_django_refuses_it():
    from django.urls import NoReverseMatch

    from citykb.core.pages import page_address

    with pytest.raises(NoReverseMatch):
        page_address("partners:person_detail", "zoë")
