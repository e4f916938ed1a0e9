"""Storing an announcement: HTML kept as its text; bad files, repeated text and empty forms refused; the command."""

import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from agreements.imports.ingestion import import_text
from agreements.models import Announcement, ImportReport, Suggestion
from search.indexing import rebuild
from tests.agreements.imports.conftest import PRESS_RELEASE


def upload(client, name, content, **fields):
    file = SimpleUploadedFile(name, content)
    return client.post("/admin/agreements/announcement/import/", {"file": file, **fields}, follow=True)


def test_an_html_press_release_is_stored_as_its_text_and_searchable_at_once(
    seeded, editor, visitor, django_capture_on_commit_callbacks
):
    rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(editor, "huawei.html", PRESS_RELEASE.encode(), published="2017-10", publisher="Example")
    assert "review the draft of its records" in response.content.decode()
    announcement = Announcement.objects.get(source_file="huawei.html")
    assert announcement.title == "Huawei Technologies and ZTE sign a smart city agreement with Yinchuan"
    assert "<p>" not in announcement.body and "alert" not in announcement.body and "Ignored" not in announcement.body
    assert "On 18 October 2017 Huawei Technologies signed" in announcement.body
    assert str(announcement.published) == "October 2017" and announcement.publisher == "Example"
    assert announcement.slug in visitor.get("/search/", {"q": "Huawei"}).content.decode()
    report = ImportReport.objects.get(announcement=announcement)
    assert report.outcome == "imported" and report.mentions_linked >= 3


BAD_FILES = [
    ("empty.txt", b"", "the file is empty"),
    ("blank.md", b"  \n\n ", "the file is empty"),
    ("big.txt", b"a" * (2 * 1024 * 1024 + 1), "the limit is 2 MB"),
    ("latin1.txt", "Zürich signs".encode("latin-1"), "cannot be read as UTF-8"),
    ("declared.html", b'<meta charset="utf-8"><p>\xff\xfe</p>', "cannot be read as UTF-8"),
    ("unknown.html", b'<meta charset="klingon"><p>x</p>', "unknown character set"),
    # Python knows a codec named "undefined" that fails on every byte, and codecs that are not text encodings.
    ("undefined.html", b'<meta charset="undefined"><p>x</p>', "unknown character set"),
    ("base64.html", b'<meta charset="base64"><p>x</p>', "unknown character set"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("control.txt", b"text\x01\x02\x03", "binary file"),
    ("slides.pdf", b"%PDF-1.4", "only .txt, .md and .html"),
    ("invisible.txt", "\u200b\u200c\u200d\ufeff\n\u2060".encode(), "no visible character"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[bad[0] for bad in BAD_FILES])
def test_bad_files_are_refused_with_a_reason_and_nothing_stored(seeded, editor, name, content, message):
    before = Announcement.objects.count(), Suggestion.objects.count()
    page = upload(editor, name, content).content.decode()
    assert message in page
    assert (Announcement.objects.count(), Suggestion.objects.count()) == before
    report = ImportReport.objects.get(source=name)
    assert report.outcome == "refused" and message in report.problem


def test_the_same_text_again_is_refused_with_a_link_to_it(seeded, editor):
    existing = Announcement.objects.get(source_file__startswith="002")
    page = upload(editor, "again.txt", existing.body.encode()).content.decode()
    assert "This text is already stored as" in page and existing.get_absolute_url() in page
    assert Announcement.objects.filter(content_hash=existing.content_hash).count() == 1


def test_pasting_nothing_or_both_asks_for_one(seeded, editor):
    page = editor.post("/admin/agreements/announcement/import/", {"text": "  "}).content.decode()
    assert "Paste the text or choose a file (one of the two)." in page
    page = editor.post("/admin/agreements/announcement/import/", {"text": "x", "published": "soon"}).content.decode()
    assert "Cannot read &#x27;soon&#x27; as a date" in page


def test_the_command_imports_files_and_directories(seeded, tmp_path):
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "one.txt").write_text("Nokia and Chengdu meet again.\n", encoding="utf-8")
    (folder / "two.md").write_text("# ZTE news\n\nZTE opens an office.\n", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    out = io.StringIO()
    call_command("import_announcement", str(folder), "--date", "late 2017", "--publisher", "Wire", stdout=out)
    assert out.getvalue().count("Imported") == 2
    two = Announcement.objects.get(source_file="two.md")
    assert two.title == "# ZTE news" and str(two.published) == "late 2017" and two.publisher == "Wire"
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("import_announcement", str(tmp_path / "empty.txt"), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_announcement", str(tmp_path / "missing.txt"))


def test_a_linker_that_fails_leaves_the_announcement_stored_and_a_report_saying_why(seeded, monkeypatch):
    from agreements.imports import ingestion

    def broken(announcement, report):
        raise RuntimeError("the linker broke")

    monkeypatch.setattr(ingestion, "suggestions_for", broken)
    report = ingestion.import_text("Nokia and ZTE met in Yinchuan.", title="A text the linker fails on")
    report.refresh_from_db()
    assert report.outcome == "imported" and report.announcement.title == "A text the linker fails on"
    assert "finding what it names failed: the linker broke" in report.problem
    assert not report.suggestions.exists()


def test_a_finished_import_leaves_no_problem_in_its_report(seeded):
    from agreements.imports.ingestion import import_text

    report = import_text("Nokia and ZTE met in Yinchuan.", title="A plain text")
    report.refresh_from_db()
    assert report.problem == "" and report.mentions_linked == 3


def test_the_same_text_with_other_line_endings_or_spacing_is_refused_as_stored(seeded):
    stored = Announcement.objects.get(slug="milton-keynes-council-yinchuan-zte-three-way-agreement")
    for variant in (stored.body.replace("\n", "\r\n"), stored.body + " ", "\ufeff" + stored.body, "  " + stored.body):
        report = import_text(variant, title="Again")
        assert report.outcome == "refused" and "already stored" in report.problem


def test_the_database_refuses_a_second_copy_of_a_text(seeded):
    stored = Announcement.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Announcement.objects.create(title="Copy", slug="copy", body=stored.body.replace("\n", "\r\n"))


@pytest.mark.django_db(transaction=True)
def test_imports_of_one_text_at_once_store_it_once_and_refuse_the_others_clearly(settings):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL run (SQLite writes one transaction at a time)")
    text = "Orbia Grid and the city of Curitiba signed a framework agreement on smart street lighting.\n"
    reports, errors = [], []

    def import_once():
        try:
            reports.append(import_text(text, title="Orbia and Curitiba"))
        except Exception as error:  # noqa: BLE001 - any error is what the test looks for
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=import_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Announcement.objects.filter(title="Orbia and Curitiba").count() == 1
    outcomes = sorted(report.outcome for report in reports)
    assert outcomes == ["imported", "refused", "refused", "refused"]
    assert all("already stored" in r.problem or "same moment" in r.problem for r in reports if r.outcome == "refused")
