"""A regression guard for the linker: its scores on three texts of the development set stay above a floor.

bench/linker_eval.py scores the whole set and the seeds against the targets; this runs the same scoring on
three texts in the test database (seed records known), with floors at what the linker reaches today.
"""

from bench.linker_eval import development_keys, score

TEXTS = ["01-veltrix-poznan-mou", "07-milton-keynes-orvanta-letter-of-intent", "11-zaragoza-yinchuan-zte-three-way"]
# (precision, recall) the linker must keep on these texts; raise them as it learns more.
FLOORS = {
    "organizations": (0.85, 0.85),
    "people": (0.85, 0.85),
    "cities": (0.85, 0.85),
    "countries": (0.85, 0.85),
    "agreements": (0.85, 0.85),
    "dates": (0.85, 0.85),
    "amounts": (0.85, 0.85),
}


def test_the_linker_keeps_its_precision_and_recall_on_the_development_texts(seeded):
    scores = score(development_keys(TEXTS))
    for category, (precision, recall) in FLOORS.items():
        assert scores[category]["precision"] >= precision, (category, scores[category])
        assert scores[category]["recall"] >= recall, (category, scores[category])


def test_the_scoring_counts_a_found_name_by_its_alias_and_a_wrong_one_against_precision(tmp_path, monkeypatch):
    from bench import linker_eval

    text = tmp_path / "t.txt"
    key = {"organizations": [{"name": "Veltrix Networks", "aliases": ["Veltrix"]}, {"name": "Orbia", "aliases": []}]}
    monkeypatch.setattr(
        linker_eval,
        "found_in",
        lambda path: {
            **{c: [] for c in [*linker_eval.CATEGORIES, "agreement details"]},
            "organizations": ["VELTRIX", "Acme"],
        },
    )
    scores = linker_eval.score([(text, key)])["organizations"]
    assert (scores["precision"], scores["recall"]) == (0.5, 0.5)


def test_an_agreement_found_counts_each_detail_it_gives_right(tmp_path, monkeypatch):
    from bench import linker_eval

    key = {
        "organizations": [{"name": "Veltrix Networks", "aliases": ["Veltrix"]}],
        "cities": [{"name": "Poznań"}],
        "agreements": [
            {
                "parties": ["Veltrix Networks", "Poznań"],
                "kind": "mou",
                "signed": "2019-03-12",
                "place": "Poznań",
                "scope": ["transport", "health"],
                "people": ["Anna Kowal"],
            }
        ],
    }
    suggestion = {
        "parties": ["Veltrix", "Poznan"],
        "agreement_kind": "mou",
        "signed": "2019-03",
        "place": "Poznan",
        "scope": ["health", "transport"],
        "people": [],
    }
    monkeypatch.setattr(
        linker_eval,
        "found_in",
        lambda path: {
            **{c: [] for c in linker_eval.CATEGORIES},
            "agreements": [suggestion["parties"]],
            "agreement details": [suggestion],
        },
    )
    details = linker_eval.score([(tmp_path / "t.txt", key)])["details"]
    assert details == {"matched": 1, "kind": 1, "place": 1, "scope": 1}, "a month is not the day; no signatory"
