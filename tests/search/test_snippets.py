"""Snippets read as sentences: each passage starts where its sentence (or, far from it, its clause) starts."""

import re

import pytest

from agreements.models import Announcement
from search.backends.base import (
    MARK_END,
    MARK_START,
    SNIPPET_WINDOW,
    SearchOptions,
    marked_passages,
    sentence_start,
    snippet_windows,
)
from search.searching import run_search
from tests.search.conftest import BACKENDS

FILLER = " ".join(["The partners met again in spring to review the progress of every pilot project."] * 6)
BODY = (
    f"{FILLER} The agreement was signed last month at the event at which Quorlingham presented its plans. "
    f"{FILLER} After a long afternoon of talks about transport, housing, schools, parks and the port, the mayor, "
    "speaking for the whole council and its many partners in the region, thanked Zembleford for its patience."
)


def snippet(text):
    hit = next(h for h in run_search(text, SearchOptions()).results.hits if h.slug == "two-towns")
    return "".join(part for part, _marked in hit.snippet)


@pytest.fixture
def announcement(engine, committed):
    with committed():
        Announcement.objects.create(title="Two towns", slug="two-towns", body=BODY)


def test_a_snippet_starts_at_the_sentence_of_its_match(announcement):
    assert snippet("Quorlingham").startswith("The agreement was signed last month at the event at which Quorlingham")


def test_far_into_a_long_sentence_a_snippet_starts_at_a_clause(announcement):
    assert snippet("Zembleford").startswith("thanked Zembleford for its patience")


def test_a_passage_at_the_start_of_a_text_starts_with_it():
    text = "Yinchuan signed. More follows."
    assert sentence_start(text, 0, 0) == 0
    assert sentence_start(text, 3, text.index("More")) == text.index("More")


# A long report: 40 KB of talks, a sentence about citizens (the stem of "city" starts it, but not the word), more
# talks, then the one sentence that names the cities, and more talks again.
TALKS = " ".join(["The partners met again in spring to review the progress of every pilot project."] * 500)
LONG_BODY = (
    f"{TALKS} Residents and citizens of the region were asked for their views first. {TALKS} "
    f"The partner cities of Brackenmoor signed the charter. {TALKS} The last meeting was held in Łódź. {TALKS}"
)


@pytest.fixture
def long_report(engine, committed):
    with committed():
        Announcement.objects.create(title="A long report", slug="long-report", body=LONG_BODY)


def marked_words(text):
    hit = next(h for h in run_search(text, SearchOptions(page_size=50)).results.hits if h.slug == "long-report")
    return [part for part, marked in hit.snippet if marked], "".join(part for part, _marked in hit.snippet)


def test_a_long_texts_snippet_marks_its_word_far_in_past_a_word_that_only_starts_alike(long_report):
    marked, snippet_text = marked_words("city")

    assert marked == ["cities"]
    assert snippet_text.startswith("The partner cities of Brackenmoor signed the charter.")


def test_a_long_texts_snippet_marks_a_word_written_with_accents_the_query_left_out(long_report):
    marked, _snippet_text = marked_words("lodz")

    assert marked == ["Łódź"]


def test_a_long_texts_snippet_is_cut_from_a_few_thousand_characters_around_its_words():
    windows = snippet_windows(LONG_BODY, ["citi"])

    assert len(LONG_BODY) > 100_000
    assert [len(window) for window in windows[:-1]] == [SNIPPET_WINDOW, SNIPPET_WINDOW]
    assert "citizens" in windows[0] and "cities" in windows[1]
    assert windows[-1] == LONG_BODY  # the last resort, for a word the windows did not find
    assert snippet_windows(BODY, ["citi"]) == [BODY]


def test_a_long_texts_snippet_marks_a_phrase_past_its_words_written_apart(engine, committed):
    # 8 KB of talks, each sentence with "partners", before the phrase (PostgreSQL places words up to the 16,383rd).
    talks = TALKS[: len(TALKS) // 5]
    with committed():
        Announcement.objects.create(
            title="A long report", slug="long-report", body=f"{talks} The partner cities of Brackenmoor met. {talks}"
        )

    marked, snippet_text = marked_words('"partner cities"')

    assert "cities" in marked
    assert "The partner cities of Brackenmoor met." in snippet_text


def test_a_snippet_is_the_two_passages_with_the_most_different_words_in_the_texts_order():
    lone = "A harbour crane was repaired."
    pair = "The harbour tram and the harbour ferry now share one ticket."
    other = "Tram stops will get new ferry timetables."
    text = " ".join([lone, FILLER, pair, FILLER, other, FILLER])
    words = {"harbour", "tram", "ferry"}
    matches = [
        (found.start(), found.end(), found.group().lower())
        for found in re.finditer(r"\w+", text)
        if found.group().lower() in words
    ]

    passages = marked_passages(text, matches).split(" … ")

    plain = [passage.replace(MARK_START, "").replace(MARK_END, "") for passage in passages]
    assert len(plain) == 2 and pair in plain[0] and other in plain[1]
    assert "crane" not in " ".join(plain)
    assert f"{MARK_START}harbour{MARK_END} {MARK_START}tram{MARK_END}" in passages[0]


def test_of_two_matches_over_the_same_letters_the_first_is_marked():
    text = "A ground-breaking plan."
    joined, part = (2, 17, "groundbreaking"), (2, 8, "ground")

    assert marked_passages(text, [joined, part]) == f"A {MARK_START}ground-breaking{MARK_END} plan."


def test_postgresql_snippets_mark_the_lexemes_and_prefixes_of_the_printed_query():
    from search.backends.postgres_snippets import asked

    assert asked("'citi' & ( 'o''brien' | 'smart':* ) & 'lidar':AB") == ({"citi", "o'brien", "lidar"}, ("smart",))


def test_a_record_found_by_its_name_alone_shows_the_start_of_its_text_unmarked(engine, committed):
    from partners.models import Organization

    # Words that start like the name, but are not it, all through a long text.
    description = "A maker of railway lamps. " + " ".join(["Its Tollbrookian workshops trained many."] * 200)
    with committed():
        Organization.objects.create(
            name="Tollbrook Signals", slug="tollbrook-signals", kind="company", description=description
        )

    hit = next(h for h in run_search("Tollbrook", SearchOptions()).results.hits if h.slug == "tollbrook-signals")

    assert hit.snippet[0][0].startswith("A maker of railway lamps.")
    assert not [text for text, marked in hit.snippet if marked]


@pytest.mark.skipif("postgres" not in BACKENDS, reason="runs in the PostgreSQL run (PostgreSQL full-text search)")
def test_postgresql_snippets_are_marked_while_the_memory_of_words_is_emptied(settings, seeded, monkeypatch):
    from search.backends import postgres_snippets
    from search.indexing import rebuild

    settings.SEARCH_BACKEND = "postgres"
    rebuild()
    monkeypatch.setattr(postgres_snippets, "WORDS_KEPT", 5)  # every search's words overflow it

    for text in ("Yinchuan", "ZTE", "Yinchuan"):
        hits = run_search(text, SearchOptions()).results.hits
        marked = {part for hit in hits for part, is_match in hit.snippet if is_match}
        assert marked == {text}


def test_marks_written_into_a_text_mark_nothing(engine, committed):
    # The snippet's own marks are private-use characters; a text may hold them too.
    with committed():
        Announcement.objects.create(
            title="Marked text",
            slug="marked-text",
            body=f"The {MARK_START}forged{MARK_END} word stands beside Quorlingham in this text.",
        )

    hit = next(h for h in run_search("Quorlingham", SearchOptions()).results.hits if h.slug == "marked-text")

    assert [part for part, marked in hit.snippet if marked] == ["Quorlingham"]
    assert "forged" in "".join(part for part, _marked in hit.snippet)
