def test_search_finds_records_by_name_and_announcements_by_text(seeded, visitor):
    page = visitor.get("/search/", {"q": "ZTE"}).content.decode()
    assert 'href="/organizations/zte/"' in page
    assert 'href="/agreements/milton-keynes-yinchuan-zte-three-way-agreement/"' in page
    assert 'href="/announcements/jeff-kagan-smart-city-infocus-conference-in-yinchuan-china/"' in page


def test_search_matches_aliases(seeded, visitor):
    page = visitor.get("/search/", {"q": "MK"}).content.decode()
    assert 'href="/cities/milton-keynes/"' in page


def test_every_word_must_match(seeded, visitor):
    page = visitor.get("/search/", {"q": "Nokia Chengdu"}).content.decode()
    assert 'href="/announcements/nokia-smart-city/"' in page
    assert 'href="/organizations/zte/"' not in page
    assert "Nothing matches" in visitor.get("/search/", {"q": "Nokia Huawei"}).content.decode()


def test_an_empty_search_shows_the_form(seeded, visitor):
    response = visitor.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_a_blank_or_overlong_query_gets_a_message_and_400(seeded, visitor):
    blank = visitor.get("/search/", {"q": "   "})
    assert blank.status_code == 400
    assert "This field is required." in blank.content.decode()
    long = visitor.get("/search/", {"q": "x" * 201})
    assert long.status_code == 400
    assert "at most 200 characters" in long.content.decode()


def test_the_query_is_escaped_in_the_results_page(seeded, visitor):
    page = visitor.get("/search/", {"q": "<b>ZTE</b>"}).content.decode()
    assert "<b>ZTE</b>" not in page
    assert "&lt;b&gt;ZTE&lt;/b&gt;" in page
