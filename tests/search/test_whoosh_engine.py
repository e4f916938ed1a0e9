"""The Whoosh engine's array matching agrees with Whoosh itself and reports what it could not finish."""

import pytest

from search import query as q
from search.backends import get_backend, whoosh_index
from search.backends.base import SearchOptions
from search.searching import run_search


def whoosh_and_array_scores(text):
    """{key: score} of every match, by Whoosh's own matchers and by the array engine."""
    backend = get_backend()
    searcher = backend.searcher()
    compiled = backend._compile(q.parse(text).tree, searcher, []).normalize()
    expected = {searcher.stored_fields(hit.docnum)["key"]: hit.score for hit in searcher.search(compiled, limit=None)}
    view = backend._arrays.view(searcher, backend._local.state[0])
    match = view.evaluate(compiled, [], deadline=float("inf"))
    found = {searcher.stored_fields(docnum)["key"]: score for docnum, score in view.top(match, limit=1000)}
    return expected, found


@pytest.mark.parametrize("text", ["smart city", "Yinchuan", "agreement ZTE", "5G OR Nokia", "Playbook OR Tianfu"])
def test_ranking_and_matches_are_whooshs_own_bm25f(indexed, text):
    expected, found = whoosh_and_array_scores(text)
    assert expected, "the query finds something"
    assert found == pytest.approx(expected, rel=1e-5)


def test_excluded_words_match_as_in_whoosh_without_shifting_the_order(indexed):
    # Whoosh adds 1 to every score for each NOT; the order, not the constant, is what users see.
    expected, found = whoosh_and_array_scores("digital -Nokia")
    assert expected and found.keys() == expected.keys()
    assert sorted(found, key=found.get) == sorted(expected, key=expected.get)


def test_a_phrase_check_out_of_time_is_marked_partial(indexed, client, monkeypatch):
    monkeypatch.setattr(whoosh_index, "TIME_LIMIT", -1.0)
    page = run_search('"smart city"', SearchOptions())
    assert page.results.partial
    assert page.results.count >= 1
    response = client.get("/search/", {"q": '"smart city"'})
    assert "partial results" in response.content.decode()
    assert client.get("/api/search/", {"q": '"smart city"'}).json()["partial"] is True


def test_without_a_time_limit_the_phrase_is_checked_exactly(indexed):
    page = run_search('"smart city"', SearchOptions(page_size=50))
    assert not page.results.partial
    assert page.results.count == len(page.results.hits) >= 1


def test_phrases_are_checked_across_many_posting_blocks_as_whoosh_finds_them(indexed):
    from agreements.models import Announcement
    from search.indexing import rebuild

    # "lantern" in all 600 (Whoosh keeps postings in blocks of 128); "festival" in every 25th, in the phrase in
    # every other one of those and apart in the rest, so most of the blocks of "lantern" hold no candidate.
    bodies = []
    for n in range(600):
        body = f"Harrowmere report {n}: the lantern route was planned."
        if n % 50 == 0:
            body += " The lantern festival opens in May."
        elif n % 25 == 0:
            body += " The festival had no lantern this year."
        bodies.append(Announcement(title=f"Harrowmere report {n}", slug=f"harrowmere-{n}", body=body))
    Announcement.objects.bulk_create(bodies)
    rebuild()  # bulk_create sends no signals

    expected, found = whoosh_and_array_scores('"lantern festival"')

    assert len(expected) == 12
    assert found == pytest.approx(expected, rel=1e-5)
    assert run_search('"lantern festival" Harrowmere', SearchOptions()).results.count == 12


def test_the_one_pass_analyzer_gives_the_tokens_of_whooshs_filter_chain():
    from whoosh.analysis import CharsetFilter, LowercaseFilter, StemFilter
    from whoosh.support.charset import accent_map

    class Unnormalized(whoosh_index.WordAnalyzer):
        def normalized(self, text):
            return text

    chains = [
        (whoosh_index.TEXT_ANALYZER, Unnormalized() | LowercaseFilter() | CharsetFilter(accent_map) | StemFilter()),
        (whoosh_index.WORD_ANALYZER, Unnormalized() | LowercaseFilter() | CharsetFilter(accent_map)),
    ]
    text = "Agreements signed in Zürich, İstanbul and 银川市: STRASSE, straße, Œuvre, 5G networks, agreements."
    for analyzer, chain in chains:
        ours = [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True)]
        whooshs = [(t.text, t.pos, t.startchar, t.endchar) for t in chain(text, positions=True, chars=True)]
        assert ours == whooshs
    assert [t.text for t in whoosh_index.TEXT_ANALYZER("Agreements Zürich")] == ["agreement", "zurich"]


def test_a_prefix_of_many_words_searches_the_most_frequent_of_them(indexed, committed, monkeypatch):
    from partners.models import Organization

    monkeypatch.setattr(whoosh_index, "MAX_EXPANSIONS", 3)
    with committed():
        Organization.objects.create(
            name="Velkorn Surveys", slug="velkorn-surveys", kind="company", description="velkorna velkornb velkornc"
        )
    for n in range(3):  # one at a time, as editors add them
        with committed():
            Organization.objects.create(
                name=f"Velkornite Works {n}", slug=f"velkornite-works-{n}", kind="company", description="A mine."
            )

    page = run_search("velkorn*", SearchOptions())

    assert "stands for many words" in " ".join(page.warnings)
    assert {f"velkornite-works-{n}" for n in range(3)} <= {hit.slug for hit in page.results.hits}
