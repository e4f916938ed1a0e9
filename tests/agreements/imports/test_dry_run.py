"""`import_announcement --dry-run --json`: what an import would store and suggest, as JSON, storing nothing."""

import io
import json

from django.core.management import call_command

from agreements.imports.ingestion import html_to_text
from agreements.models import Announcement, ImportReport, Suggestion
from tests.agreements.imports.conftest import PRESS_RELEASE


def dry_run(path):
    out = io.StringIO()
    call_command("import_announcement", str(path), dry_run=True, json=True, date="2017-10", stdout=out)
    return json.loads(out.getvalue())


def test_a_dry_run_prints_the_announcement_and_its_suggestions_and_stores_nothing(seeded, tmp_path):
    path = tmp_path / "huawei.html"
    path.write_text(PRESS_RELEASE)
    counts = Announcement.objects.count(), ImportReport.objects.count(), Suggestion.objects.count()
    found = dry_run(path)
    assert (Announcement.objects.count(), ImportReport.objects.count(), Suggestion.objects.count()) == counts
    assert found["announcement"]["title"] == "Huawei Technologies and ZTE sign a smart city agreement with Yinchuan"
    assert found["announcement"]["published"] == "2017-10"
    by_name = {(s["kind"], s.get("name")): s for s in found["suggestions"]}
    assert by_name[("organization", "ZTE")]["existing"] == "zte"
    assert by_name[("city", "Yinchuan")]["existing"] == "yinchuan"
    assert by_name[("organization", "Huawei Technologies")]["existing"] is None
    assert by_name[("date", "18 October 2017")]["value"] == "2017-10-18"
    assert ("amount", "close to £1 million") in by_name
    agreement = next(s for s in found["suggestions"] if s["kind"] == "agreement")
    assert agreement["parties"] == ["ZTE", "Yinchuan", "Huawei Technologies"]
    assert agreement["agreement_kind"] == "agreement"
    text = html_to_text(PRESS_RELEASE)  # offsets point into the text that would be stored, not the HTML
    date = by_name[("date", "18 October 2017")]
    assert text[date["start"] : date["end"]] == "18 October 2017"
    assert all(0 <= s["start"] < s["end"] <= len(text) and 0 < s["confidence"] <= 1 for s in found["suggestions"])


def test_a_dry_run_of_a_text_already_stored_says_it_would_be_refused(seeded, tmp_path):
    stored = Announcement.objects.first()
    path = tmp_path / "again.txt"
    path.write_text(stored.body)
    assert "already stored" in dry_run(path)["refused"]
