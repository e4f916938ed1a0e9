"""The search's Atom feed: each entry says what matched, newest first."""

import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_has_a_summary_of_each_match_newest_first(indexed, client):
    feed = ET.fromstring(client.get("/search/feed/", {"q": "Yinchuan"}).content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) >= 3
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True) and len(set(updated)) > 1
    for entry in entries:
        summary = entry.find(f"{ATOM}summary")
        assert summary is not None and "yinchuan" in summary.text.lower(), entry.find(f"{ATOM}title").text
