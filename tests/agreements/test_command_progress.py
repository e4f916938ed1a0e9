"""Long commands show how far they got (on stderr, as plain lines when it is not a terminal) and end with a
summary; at verbosity 0 they show no progress."""

import io

from django.core.management import call_command


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_rebuild_index_shows_progress_then_the_count(seeded):
    out, err = run("rebuild_index")
    assert "Indexed 35 records." in out
    assert err.splitlines()[0].startswith("Indexing: 0/35")
    assert err.splitlines()[-1].startswith("Indexing: 35/35 (100%)")


def test_verbosity_0_shows_no_progress(seeded):
    _out, err = run("rebuild_index", verbosity=0)
    assert err == ""


def test_load_initial_data_shows_loading_and_indexing(db):
    out, err = run("load_initial_data")
    assert "Indexed 35 records for search." in out
    assert "Loading: 0/" in err and "Indexing: 35/35 (100%)" in err


def test_import_of_a_folder_counts_the_files(seeded, tmp_path):
    for name in ("one.txt", "two.txt", "three.txt"):
        (tmp_path / name).write_text(f"ZTE opens an office, says {name}.\n", encoding="utf-8")
    out, err = run("import_announcement", str(tmp_path), even_if_alike=True)
    assert out.count("Imported") == 3 and "3 of 3 files imported." in out
    assert err.splitlines()[0].startswith("Importing: 0/3") and "Importing: 3/3 (100%)" in err


def test_relink_counts_the_announcements_read(seeded):
    out, err = run("relink")
    assert "Read 3 announcement(s)" in out and "new mention(s) proposed" in out
    assert "Reading: 3/3 (100%)" in err


def test_backup_shows_progress_then_the_rows_written(seeded, tmp_path):
    out, err = run("backup", str(tmp_path / "backup.json"))
    assert "Backed up" in out
    lines = err.splitlines()
    assert lines[0].startswith("Backing up: 0/") and "(100%)" in lines[-1]
