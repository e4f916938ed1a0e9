"""The linker's suggestions: mentions, new names, agreements, dates and amounts, at offsets that folding keeps."""

from agreements.imports.ingestion import import_text
from agreements.imports.linking import fold
from tests.agreements.imports.conftest import PRESS_RELEASE


def test_the_linker_suggests_mentions_new_names_agreements_dates_and_amounts(seeded):
    from agreements.imports.ingestion import html_to_text

    report = import_text(html_to_text(PRESS_RELEASE), title="Huawei")
    body = report.announcement.body
    found = {(s.kind, s.label): s for s in report.suggestions.all()}
    zte = {body[s.start : s.end]: s for s in report.suggestions.filter(kind="mention", label="ZTE")}
    assert report.suggestions.filter(kind="mention", label="ZTE").count() == 4, "three as ZTE, one zte-like; not ZTEX"
    assert zte["ZTE"].confidence == 1.0 and zte["zte"].confidence == 0.5, "lower case is a weaker match"
    assert ("new-organization", "Huawei Technologies") in found
    assert ("date", "18 October 2017") in found
    amount = found[("amount", "close to £1 million")]
    assert amount.candidates == [{"kind": "city", "id": amount.candidates[0]["id"], "name": "Yinchuan"}]
    agreement = next(s for s in found.values() if s.kind == "agreement")
    assert agreement.label == "Agreement between ZTE, Yinchuan and Huawei Technologies"
    assert agreement.context.startswith("On 18 October 2017")
    assert 0 < agreement.confidence <= 1 and found[("mention", "ZTE")].confidence == 1.0


def test_folding_keeps_every_offset():
    text = "ZÜRICH, São Paulo and İstanbul"
    assert len(fold(text)) == len(text)
    assert fold("São Paulo") == "sao paulo"
