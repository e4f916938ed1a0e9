"""Merging duplicates: pick the survivor; links, aliases and citations move over; old addresses redirect."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group

from agreements.models import Agreement, AgreementParty, Citation, Event, EventRole, Initiative, Topic
from partners.merging import MergeError, merge_records
from partners.models import City, MergedSlug, Organization, Person

THREE_WAY = "milton-keynes-yinchuan-zte-three-way-agreement"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("edith", password="a-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def duplicate_of_zte(seeded):
    """ZTE entered a second time: party to the three-way agreement again and to an agreement of its own."""
    duplicate = Organization.objects.create(
        name="ZTE Corp.", slug="zte-corp", website="https://www.zte.com.cn", description=""
    )
    duplicate.aliases.create(name="Zhongxing")
    three_way = Agreement.objects.get(slug=THREE_WAY)
    zte_party = three_way.parties.get(organization__slug="zte", role="signatory")
    extra_passage = Citation.objects.exclude(pk__in=zte_party.citations.all()).filter(agreements=three_way)
    twin = AgreementParty.objects.create(agreement=three_way, organization=duplicate, role="signatory")
    twin.citations.add(extra_passage.first())
    own = Agreement.objects.create(title="A ZTE deal", slug="a-zte-deal")
    own.citations.add(extra_passage.first())
    AgreementParty.objects.create(agreement=own, organization=duplicate, role="signatory")
    person = Person.objects.create(name="Ms Example", slug="ms-example")
    person.affiliations.create(organization=duplicate, title="Engineer")
    duplicate.citations.add(extra_passage.first())
    return duplicate


def merge_in_admin(editor, survivor, duplicates):
    selected = [survivor.pk, *(d.pk for d in duplicates)]
    url = f"/admin/{survivor._meta.app_label}/{survivor._meta.model_name}/"
    asked = editor.post(url, {"action": "merge_selected", ACTION_CHECKBOX_NAME: selected})
    assert asked.status_code == 200 and "Choose the" in asked.content.decode()
    return editor.post(
        url,
        {"action": "merge_selected", ACTION_CHECKBOX_NAME: selected, "survivor": survivor.pk, "merge": "yes"},
        follow=True,
    )


def test_merging_moves_every_link_to_the_survivor(duplicate_of_zte, editor, visitor):
    zte = Organization.objects.get(slug="zte")
    three_way = Agreement.objects.get(slug=THREE_WAY)
    before = set(three_way.parties.get(organization=zte, role="signatory").citations.values_list("pk", flat=True))
    twin_cited = set(three_way.parties.get(organization=duplicate_of_zte).citations.values_list("pk", flat=True))
    cited = set(zte.citations.values_list("pk", flat=True)) | set(
        duplicate_of_zte.citations.values_list("pk", flat=True)
    )

    response = merge_in_admin(editor, zte, [duplicate_of_zte])
    assert "Merged “ZTE Corp.” into “ZTE”" in response.content.decode()

    assert not Organization.objects.filter(slug="zte-corp").exists()
    zte.refresh_from_db()
    assert {"ZTE Corp.", "Zhongxing", "ZTE Corporation"} <= set(zte.alias_names)
    assert zte.website == "https://www.zte.com.cn", "a blank field is filled from the duplicate"
    # The same role in the same agreement becomes one party citing the passages of both.
    signatory = three_way.parties.get(organization=zte, role="signatory")
    assert set(signatory.citations.values_list("pk", flat=True)) == before | twin_cited
    assert Agreement.objects.get(slug="a-zte-deal").parties.get().organization == zte
    assert Person.objects.get(slug="ms-example").affiliations.get().organization == zte
    assert set(zte.citations.values_list("pk", flat=True)) == cited
    page = visitor.get("/organizations/zte/").content.decode()
    assert "A ZTE deal" in page and "Ms Example" in page


def test_the_old_address_redirects_to_the_survivor(duplicate_of_zte, editor, visitor):
    merge_in_admin(editor, Organization.objects.get(slug="zte"), [duplicate_of_zte])
    response = visitor.get("/organizations/zte-corp/")
    assert response.status_code == 301 and response["Location"] == "/organizations/zte/"
    assert visitor.get("/organizations/never-existed/").status_code == 404


def test_merging_a_survivor_again_keeps_old_addresses_arriving(seeded, visitor):
    first = City.objects.create(name="Yinchuan City", slug="yinchuan-city")
    second = City.objects.create(name="Yin-chuan", slug="yin-chuan")
    merge_records(second, [first])
    merge_records(City.objects.get(slug="yinchuan"), [second])
    for old in ("yinchuan-city", "yin-chuan"):
        assert visitor.get(f"/cities/{old}/")["Location"] == "/cities/yinchuan/"


def test_the_merge_is_in_the_history_of_both_records(duplicate_of_zte, editor):
    merge_in_admin(editor, Organization.objects.get(slug="zte"), [duplicate_of_zte])
    zte = Organization.objects.get(slug="zte")
    assert zte.history.latest().history_change_reason == f"Merged ZTE Corp. (#{duplicate_of_zte.pk}) into it"
    gone = Organization.history.filter(id=duplicate_of_zte.pk).latest()
    assert gone.history_type == "-" and gone.history_change_reason == f"Merged into ZTE (#{zte.pk})"
    assert gone.history_user.username == "edith"


def test_a_district_merged_with_its_city_leaves_no_loop(seeded):
    chengdu = City.objects.get(slug="chengdu")
    district = City.objects.create(name="Chengdu proper", slug="chengdu-proper", parent=chengdu)
    merge_records(district, [chengdu])
    district.refresh_from_db()
    assert district.parent is None
    assert City.objects.get(slug="tianfu-new-area").parent == district


def test_a_district_merged_with_its_city_is_part_of_what_held_the_city(seeded):
    sichuan = City.objects.create(name="Sichuan", slug="sichuan")
    chengdu = City.objects.get(slug="chengdu")
    chengdu.parent = sichuan
    chengdu.save()
    district = City.objects.create(name="Chengdu proper", slug="chengdu-proper", parent=chengdu)
    merge_records(district, [chengdu])
    district.refresh_from_db()
    assert district.parent == sichuan


def test_nothing_changes_when_a_merge_fails(seeded):
    zte = Organization.objects.get(slug="zte")
    with pytest.raises(MergeError, match="^Choose at least two records: the one to keep and one to merge into it.$"):
        merge_records(zte, [zte])
    with pytest.raises(MergeError, match="^Only records of one kind can be merged.$"):
        merge_records(zte, [City.objects.get(slug="yinchuan")])
    assert Organization.objects.filter(slug="zte").exists() and City.objects.filter(slug="yinchuan").exists()


def test_selecting_one_record_asks_for_two(seeded, editor):
    zte = Organization.objects.get(slug="zte")
    response = editor.post(
        "/admin/partners/organization/", {"action": "merge_selected", ACTION_CHECKBOX_NAME: [zte.pk]}, follow=True
    )
    assert "Select at least two records to merge." in response.content.decode()


def test_events_merge_with_their_roles_and_figures_and_the_old_page_redirects(seeded, editor, visitor):
    infocus = Event.objects.get(slug="smart-city-infocus-2016")
    copy = Event.objects.create(name="InFocus Yinchuan 2016", slug="infocus-yinchuan-2016")
    role = copy.roles.create(organization=Organization.objects.get(slug="zte"), role="sponsor")
    merge_in_admin(editor, infocus, [copy])
    assert EventRole.objects.get(pk=role.pk).event == infocus
    assert "InFocus Yinchuan 2016" in Event.objects.get(pk=infocus.pk).alias_names
    assert visitor.get("/events/infocus-yinchuan-2016/")["Location"] == "/events/smart-city-infocus-2016/"


def test_topics_merge_and_what_they_tagged_keeps_the_survivor(seeded, editor):
    iot = Topic.objects.get(slug="iot")
    twin = Topic.objects.create(name="Internet of Things", slug="internet-of-things")
    tagged = Agreement.objects.exclude(topics=iot).first()
    tagged.topics.add(twin)
    merge_in_admin(editor, iot, [twin])
    assert not Topic.objects.filter(slug="internet-of-things").exists()
    assert iot in tagged.topics.all()


def test_the_api_record_of_a_merged_away_record_redirects_too(duplicate_of_zte, api):
    merge_records(Organization.objects.get(slug="zte"), [duplicate_of_zte])
    response = api.get("/api/organizations/zte-corp/")
    assert response.status_code == 301 and response["Location"].endswith("/api/organizations/zte/")
    assert api.get(response["Location"]).json()["name"] == "ZTE"
    assert api.get("/api/organizations/never-existed/").status_code == 404


@pytest.mark.parametrize(
    ("model", "address"),
    [(City, "cities"), (Person, "people"), (Event, "events"), (Initiative, "initiatives")],
)
def test_every_merged_kind_redirects_in_the_api(seeded, api, model, address):
    """Organizations above; the other kinds an editor can merge that the API serves (topics it does not)."""
    survivor = model.objects.order_by("pk").first()
    duplicate = model.objects.create(name=f"{survivor.name} (again)", slug="entered-twice")
    merge_records(survivor, [duplicate])
    response = api.get(f"/api/{address}/entered-twice/")
    assert response.status_code == 301 and response["Location"].endswith(f"/api/{address}/{survivor.slug}/")
    assert api.get(response["Location"]).json()["name"] == survivor.name
    assert api.get(f"/api/{address}/never-existed/").status_code == 404


def test_restoring_a_merged_away_record_takes_back_its_redirect_and_alias(seeded, editor, visitor):
    zte = Organization.objects.get(slug="zte")
    duplicate = Organization.objects.create(name="ZTE Corp.", slug="zte-corp")
    merge_in_admin(editor, zte, [duplicate])
    assert zte.aliases.filter(name="ZTE Corp.").exists()
    assert visitor.get("/organizations/zte-corp/").status_code == 301
    deletion = Organization.history.get(id=duplicate.pk, history_type="-")

    restored = editor.post(f"/admin/partners/organization/deleted/{deletion.history_id}/restore/")
    assert restored.status_code == 302 and Organization.objects.filter(slug="zte-corp").exists()
    assert not MergedSlug.objects.filter(slug="zte-corp").exists(), "its address is its own again"
    assert not zte.aliases.filter(name="ZTE Corp.").exists(), "the survivor no longer goes by its name"
    page = visitor.get("/organizations/zte-corp/")
    assert page.status_code == 200 and "ZTE Corp." in page.content.decode()
