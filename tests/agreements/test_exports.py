"""CSV, JSON and Atom downloads of the agreement browser: every match, safe cells, the same filters."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from agreements.models import Agreement
from tests.agreements.test_filters import MOU, THREE_WAY
from tests.factories import AgreementFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def csv_rows(response):
    assert response.streaming, "an export of every agreement is streamed, not built in memory"
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_export_has_every_matching_agreement_not_just_the_page(seeded, visitor):
    for n in range(60):
        AgreementFactory(title=f"Bulk agreement {n}", slug=f"bulk-{n}")
    assert visitor.get("/agreements/").context["paginator"].per_page < 62
    response = visitor.get("/agreements/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert len(rows) == Agreement.objects.count() == 62
    three_way = next(row for row in rows if row["title"] == THREE_WAY)
    assert three_way["signed"] == "September 2017" and three_way["signed_iso"] == "2017-09"
    assert three_way["implementers"] == "ZTE"
    narrowed = list(csv_rows(visitor.get("/agreements/export.csv", {"party": "nokia"})))
    assert [row["title"] for row in narrowed] == [MOU]


# Every start a spreadsheet reads as a formula (or, for tab and carriage return, as a cell that may hide one).
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_cannot_run_as_spreadsheet_formulas(seeded, visitor, formula):
    AgreementFactory(title=formula, slug="formula")
    rows = csv_rows(visitor.get("/agreements/export.csv"))
    assert [row["title"] for row in rows if row["slug"] == "formula"] == ["'" + formula]
    assert all(row["title"] == row["title"].lstrip("=+-@\t\r") for row in rows), "other titles are left as they are"


def test_json_export_has_the_api_representation_of_every_match(seeded, visitor, api):
    data = json.loads(b"".join(visitor.get("/agreements/export.json", {"party": "zte"}).streaming_content))
    assert data["count"] == 1
    assert data["results"] == api.get("/api/agreements/", {"party": "zte"}).json()["results"]


def test_the_atom_feed_follows_a_filtered_view(seeded, visitor):
    response = visitor.get("/agreements/feed/", {"party": "zte", "country": "China"})
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert "ZTE" in feed.find(f"{ATOM}title").text and "China" in feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [THREE_WAY]
    assert entries[0].find(f"{ATOM}published").text.startswith("2017-09-01")


def test_the_atom_feed_has_each_agreements_summary_latest_signing_first(seeded, visitor):
    for year in (2031, 2033, 2032):
        summary = f"Signed in {year} for street lighting."
        AgreementFactory(title=f"Agreement of {year}", summary=summary, signed_start=date(year, 1, 1))
    feed = ET.fromstring(visitor.get("/agreements/feed/").content)
    entries = [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}summary").text) for entry in feed.findall(f"{ATOM}entry")
    ]
    assert entries[:3] == [
        ("Agreement of 2033", "Signed in 2033 for street lighting."),
        ("Agreement of 2032", "Signed in 2032 for street lighting."),
        ("Agreement of 2031", "Signed in 2031 for street lighting."),
    ]
    assert len(entries) == Agreement.objects.count(), "the seed agreements follow, older"


def test_the_atom_feed_says_what_it_follows_and_links_back_to_it(seeded, visitor):
    feed = ET.fromstring(
        visitor.get("/agreements/feed/", {"party": "zte", "country": "China", "sort": "title"}).content
    )
    assert feed.find(f"{ATOM}title").text == "CityKB agreements: organization taking part ZTE, country China"
    assert feed.find(f"{ATOM}subtitle").text == "Agreements matching these filters, latest signing first."
    link = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert link == "http://testserver/agreements/?party=zte&country=China&sort=title"
    assert ET.fromstring(visitor.get("/agreements/feed/").content).find(f"{ATOM}title").text == "CityKB agreements"
    assert visitor.get("/agreements/feed/", {"signed_from": "soon"}).status_code == 400


def test_the_atom_feed_drops_control_characters_xml_cannot_carry(seeded, visitor):
    AgreementFactory(title="Street\x0blights", summary="Lamps\x0c on every street.", signed_start=date(2040, 1, 1))
    feed = ET.fromstring(visitor.get("/agreements/feed/").content)
    entry = feed.find(f"{ATOM}entry")
    assert (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}summary").text) == (
        "Streetlights",
        "Lamps on every street.",
    )
    assert entry.find(f"{ATOM}published").text == "2040-01-01T00:00:00+00:00"


def test_csv_rows_link_each_agreement_name_its_kind_and_keep_an_approximate_date_approximate(seeded, visitor):
    AgreementFactory(
        title="Roughly dated",
        slug="roughly-dated",
        signed_start=date(2017, 9, 1),
        signed_approximate=True,
        status=Agreement.Status.ANNOUNCED,
    )
    [row] = [row for row in csv_rows(visitor.get("/agreements/export.csv")) if row["slug"] == "roughly-dated"]
    assert row["url"] == "http://testserver/agreements/roughly-dated/"
    assert (row["kind"], row["status"]) == ("Memorandum of understanding (MoU)", "Announced, not yet signed")
    assert (row["signed"], row["signed_iso"], row["signed_edtf"]) == ("c. September 2017", "2017-09", "2017-09~")


def test_the_page_links_its_exports_and_feed_with_the_same_filters(seeded, visitor):
    page = visitor.get("/agreements/", {"party": "zte"}).content.decode()
    for url in ("/agreements/export.csv?party=zte", "/agreements/export.json?party=zte", "/agreements/feed/?party=zte"):
        assert f'href="{url}"' in page


def test_json_export_is_streamed_a_bounded_chunk_of_agreements_at_a_time(seeded, visitor, api, monkeypatch):
    """An export of every agreement is never built whole in memory: each piece of the stream holds at most
    EXPORT_CHUNK agreements, and the first one is sent before the rest are read."""
    from agreements import exports

    monkeypatch.setattr(exports, "EXPORT_CHUNK", 5)
    for n in range(12):
        AgreementFactory(title=f"Bulk agreement {n}", slug=f"bulk-{n}")
    response = visitor.get("/agreements/export.json")
    assert response.streaming, "an export of every agreement is streamed, not built in memory"
    pieces = [piece.decode() for piece in response.streaming_content]
    assert max(piece.count('"slug": "bulk-') for piece in pieces) <= 5
    data = json.loads("".join(pieces))
    assert data["count"] == len(data["results"]) == Agreement.objects.count() == 14
    listed = []
    page = api.get("/api/agreements/").json()
    listed.extend(page["results"])
    assert sorted(data["results"], key=lambda a: a["slug"]) == sorted(listed, key=lambda a: a["slug"])


def test_every_api_list_is_paged_and_a_client_cannot_ask_for_more(seeded, api):
    """A client cannot make one answer hold the whole knowledge base (the export and feeds are bounded too)."""
    for n in range(60):
        AgreementFactory(title=f"Bulk agreement {n}", slug=f"bulk-{n}")
    for prefix in ("agreements", "announcements", "events", "initiatives", "organizations", "cities", "people"):
        data = api.get(f"/api/{prefix}/", {"page_size": 100000, "limit": 100000}).json()
        assert len(data["results"]) <= 50, prefix
    assert len(api.get("/api/agreements/").json()["results"]) == 50
