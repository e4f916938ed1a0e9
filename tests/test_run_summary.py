"""The summary at the end of a test run says what the run used and why tests did not run (tests/conftest.py)."""

import os
import subprocess
import sys

import pytest

from tests.conftest import CHROMIUM

BROWSER_TEST = "tests/agreements/test_header_browser.py::test_the_home_page_has_one_search_box"
POSTGRESQL_ONLY = "tests/search/test_postgres_estimates.py::test_a_small_result_stays_exact"
PLAIN = "tests/citykb/test_settings.py::test_env_list_splits_on_commas"


def run_pytest(*test_ids, **environment):
    """A run of the suite's own pytest on SQLite, as `make test` starts it, on the given tests."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "CI", "STRICT")}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-m", "pytest", *test_ids],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


# A browser test: it runs one in Chromium, and skips (or fails under STRICT) like the others when it is missing.
@pytest.mark.browser
def test_the_summary_names_the_database_counts_browser_tests_and_gives_each_skips_reason():
    run = run_pytest(BROWSER_TEST, POSTGRESQL_ONLY, PLAIN, CHROMIUM=CHROMIUM)

    assert run.returncode == 0, run.stdout
    assert f"Database: SQLite; search backends: whoosh; 1 browser test ran in Chromium ({CHROMIUM})." in run.stdout
    assert "1 skipped: runs in the PostgreSQL run (PostgreSQL full-text search)" in run.stdout
    assert "0 tests skipped for a missing part (Chromium, PostgreSQL, Redis)." in run.stdout


def test_without_chromium_the_summary_says_no_browser_test_ran_and_strict_runs_fail(tmp_path):
    missing = str(tmp_path / "chromium")

    relaxed = run_pytest(BROWSER_TEST, PLAIN, CHROMIUM=missing)
    strict = run_pytest(BROWSER_TEST, PLAIN, CHROMIUM=missing, STRICT="1")

    assert relaxed.returncode == 0, relaxed.stdout
    assert f"0 browser tests ran in Chromium ({missing})." in relaxed.stdout
    assert "1 test skipped for a missing part (Chromium, PostgreSQL, Redis):" in relaxed.stdout
    assert f"1: Chromium is not installed at {missing}: the browser tests did not run." in relaxed.stdout
    assert strict.returncode == 1, strict.stdout
    assert "1 test failed for a missing part (Chromium, PostgreSQL, Redis):" in strict.stdout
