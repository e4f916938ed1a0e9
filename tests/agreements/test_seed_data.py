"""The seed fixtures: verbatim announcements, every citation exact, loading safe and repeatable."""

import io
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.loading import FixtureError, load_fixtures
from agreements.models import Agreement, Announcement, Citation
from citykb.core.history import is_history_model

SEEDS = settings.BASE_DIR / "fixtures" / "announcements"
PROJECT_MODELS = [
    model
    for app in ("partners", "agreements")
    for model in apps.get_app_config(app).get_models()
    if not is_history_model(model)
]


def row_counts():
    counts = {model._meta.label: model.objects.count() for model in PROJECT_MODELS}
    for model in PROJECT_MODELS:
        for field in model._meta.many_to_many:
            counts[field.remote_field.through._meta.label] = field.remote_field.through.objects.count()
    return counts


def test_every_seed_announcement_is_stored_verbatim(seeded):
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) == 3
    for path in files:
        announcement = Announcement.objects.get(source_file=path.name)
        assert announcement.body == path.read_bytes().decode("utf-8")


def test_every_seeded_citation_quotes_exactly_its_passage(seeded):
    citations = Citation.objects.select_related("announcement")
    assert citations.count() > 50
    for citation in citations:
        assert citation.quote == citation.announcement.body[citation.start : citation.end], citation


def test_every_fact_bearing_record_cites_at_least_one_passage(seeded):
    cited_models = [model for model in PROJECT_MODELS if any(f.name == "citations" for f in model._meta.many_to_many)]
    assert len(cited_models) >= 12
    for model in cited_models:
        for record in model.objects.all():
            assert record.citations.exists(), f"{model._meta.label} {record} has no citation"


def test_loading_twice_gives_the_same_rows(seeded):
    before = row_counts()
    call_command("load_initial_data", stdout=io.StringIO())
    assert row_counts() == before
    assert before["agreements.Agreement"] == 2


def test_load_initial_data_if_empty_keeps_editors_changes(seeded):
    Agreement.objects.filter(slug="nokia-tianfu-new-area-digital-city-mou").update(summary="Edited by an editor")
    out = io.StringIO()
    call_command("load_initial_data", "--if-empty", stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert Agreement.objects.get(slug="nokia-tianfu-new-area-digital-city-mou").summary == "Edited by an editor"


@pytest.mark.django_db(transaction=True)
def test_dumpdata_flush_loaddata_round_trip_keeps_every_row(tmp_path):
    load_fixtures()
    before = row_counts()
    dump = tmp_path / "dump.json"
    call_command("dumpdata", "partners", "agreements", natural_foreign=True, natural_primary=True, output=str(dump))
    call_command("flush", interactive=False)
    assert Agreement.objects.count() == 0
    call_command("loaddata", str(dump), verbosity=0)
    assert row_counts() == before
    for citation in Citation.objects.select_related("announcement"):
        assert citation.quote == citation.announcement.body[citation.start : citation.end]


def write_fixture(tmp_path, records):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def seed_records(name):
    return json.loads((settings.BASE_DIR / "fixtures" / name).read_text(encoding="utf-8"))


def test_a_citation_whose_quote_is_not_its_passage_is_refused_by_file_and_record(seeded, tmp_path):
    before = row_counts()
    records = seed_records("announcements.json")
    position, citation = next((i, r) for i, r in enumerate(records, start=1) if r["model"] == "agreements.citation")
    citation["fields"]["quote"] = "words the announcement never says"
    broken = write_fixture(tmp_path, records)
    with pytest.raises(CommandError) as error:
        call_command("load_initial_data", str(broken), stdout=io.StringIO())
    message = str(error.value)
    assert f"broken.json, record {position} (agreements.citation)" in message
    assert "quote" in message
    assert row_counts() == before
    assert not Citation.objects.filter(quote="words the announcement never says").exists()


def test_a_record_pointing_at_a_missing_record_is_refused_and_nothing_is_stored(db, tmp_path):
    broken = write_fixture(
        tmp_path,
        [
            {"model": "partners.city", "fields": {"name": "Atlantis", "slug": "atlantis"}},
            {"model": "partners.organization", "fields": {"name": "X", "slug": "x", "city": ["no-such-city"]}},
        ],
    )
    with pytest.raises(FixtureError, match=r"broken\.json, record 2 \(partners\.organization\)"):
        load_fixtures([broken])
    assert not apps.get_model("partners", "City").objects.filter(slug="atlantis").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a JSON fixture"),
        ('{"model": "partners.city"}', "a JSON list of records"),
        ('[{"model": "partners.nothing", "fields": {}}]', "record 1 (partners.nothing)"),
        ('[{"model": "partners.city", "fields": {"name": "No slug"}}]', "record 1 (partners.city)"),
    ],
)
def test_malformed_fixture_files_get_a_clear_error(db, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FixtureError) as error:
        load_fixtures([path])
    assert message in str(error.value)
    assert "bad.json" in str(error.value)


def test_a_missing_fixture_file_is_named(db, tmp_path):
    with pytest.raises(FixtureError, match="no such fixture file"):
        load_fixtures([tmp_path / "missing.json"])
