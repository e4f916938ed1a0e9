"""CSV, JSON and Atom downloads of the agreement browser: every match, safe cells, the same filters."""

import csv
import io
import json
import xml.etree.ElementTree as ET

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


def test_csv_cells_cannot_run_as_spreadsheet_formulas(seeded, visitor):
    AgreementFactory(title='=HYPERLINK("http://evil.example","x")', slug="formula")
    rows = csv_rows(visitor.get("/agreements/export.csv"))
    assert any(row["title"] == '\'=HYPERLINK("http://evil.example","x")' for row in rows)


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
