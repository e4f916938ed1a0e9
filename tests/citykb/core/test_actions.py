"""Admin actions on selected records: CSV and JSON downloads, indexing again for search."""

import csv
import io
import json

import pytest
from django.core import serializers

from citykb.core.cells import spreadsheet_cell
from partners.models import Organization
from search.backends.base import SearchOptions
from search.indexing import ensure_index
from search.searching import run_search
from tests.agreements.test_exports import FORMULAS


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "a-long-password"))
    return client


def act(editor, action, *records):
    changelist = f"/admin/{records[0]._meta.app_label}/{records[0]._meta.model_name}/"
    return editor.post(changelist, {"action": action, "_selected_action": [record.pk for record in records]})


@pytest.mark.parametrize("formula", FORMULAS)
def test_selected_rows_download_as_csv_with_formulas_defused(seeded, editor, formula):
    zte = Organization.objects.get(slug="zte")
    sneaky = Organization.objects.create(name=formula, slug="sneaky")
    response = act(editor, "export_csv", zte, sneaky)
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="organization.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == ["zte", "sneaky"]
    assert [row["name"] for row in rows] == ["ZTE", "'" + formula], "a spreadsheet shows the text instead of running it"


def test_selected_rows_download_as_json_that_loads_again(seeded, editor):
    response = act(editor, "export_json", Organization.objects.get(slug="zte"))
    records = json.loads(response.content)
    assert records[0]["model"] == "partners.organization" and records[0]["fields"]["slug"] == "zte"
    assert "pk" not in records[0], "natural keys, as the fixtures have them"
    assert [obj.object.slug for obj in serializers.deserialize("json", response.content)] == ["zte"]


def test_indexing_again_makes_a_change_made_behind_the_index_searchable(
    seeded, editor, django_capture_on_commit_callbacks
):
    ensure_index()
    # A change that bypassed the signals (as a raw SQL fix would): the index still has the old name.
    Organization.objects.filter(slug="zte").update(name="Zhongxing Telecom")
    assert run_search("Zhongxing", SearchOptions()).results.count == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = act(editor, "reindex", Organization.objects.get(slug="zte"))
    assert response.status_code == 302
    assert run_search("Zhongxing", SearchOptions()).results.count == 1


def test_an_empty_value_is_an_empty_cell_and_a_number_stays_a_number():
    cells = [spreadsheet_cell(value) for value in (None, "", -3, 2017)]
    assert cells == ["", "", "'-3", "2017"], "a negative number is text too: a spreadsheet would compute it"
