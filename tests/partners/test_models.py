import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import Affiliation, City, Organization, Person


def test_an_affiliation_is_with_an_organization_or_a_city_never_both_or_neither(seeded):
    person = Person.objects.get(slug="luo-qiang")
    both = Affiliation(
        person=person, organization=Organization.objects.get(slug="nokia"), city=City.objects.get(slug="chengdu")
    )
    with pytest.raises(ValidationError, match="not both or neither"):
        both.full_clean()
    with pytest.raises(ValidationError, match="not both or neither"):
        Affiliation(person=person, title="Mayor").full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Affiliation.objects.create(person=person, title="Nowhere")


def test_a_district_belongs_to_its_larger_city(seeded):
    tianfu = City.objects.get(slug="tianfu-new-area")
    assert tianfu.parent.slug == "chengdu"
    assert list(City.objects.get(slug="chengdu").districts.all()) == [tianfu]


def test_a_city_cannot_lie_inside_itself(seeded):
    chengdu = City.objects.get(slug="chengdu")
    chengdu.parent = City.objects.get(slug="tianfu-new-area")
    with pytest.raises(ValidationError, match="cannot lie inside itself"):
        chengdu.full_clean()


def test_an_organization_cannot_be_part_of_itself(seeded):
    university = Organization.objects.get(slug="open-university")
    university.parent = Organization.objects.get(slug="knowledge-media-institute")
    with pytest.raises(ValidationError, match="cannot be part of itself"):
        university.full_clean()


def test_aliases_are_found_by_their_natural_key(seeded):
    alias = Organization.objects.get(slug="zte").aliases.get(name="ZTE Corporation")
    assert type(alias).objects.get_by_natural_key("zte", "ZTE Corporation") == alias
    assert City.objects.get(slug="milton-keynes").alias_names == ["MK"]


def test_affiliation_natural_keys_distinguish_organizations_from_cities(seeded):
    mayor = Affiliation.objects.get(person__slug="luo-qiang")
    assert mayor.natural_key() == ("luo-qiang", "", "chengdu", "Mayor of Chengdu")
    assert Affiliation.objects.get_by_natural_key(*mayor.natural_key()) == mayor
    assert mayor.holder.name == "Chengdu"
