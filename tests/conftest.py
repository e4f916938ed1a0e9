import os
import shutil
from collections import Counter

import pytest
from django.test import Client
from rest_framework.test import APIClient

from agreements.loading import load_fixtures
from tests.page_audit import SCREENSHOTS, audit_visited_pages
from tests.parts import MISSING, STRICT, missing_part


@pytest.fixture(autouse=True)
def search_index_dir(settings, tmp_path):
    """Every test gets its own, initially absent, search index directory."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    return settings.SEARCH_INDEX_DIR


@pytest.fixture(autouse=True)
def nothing_kept_from_other_tests():
    """Pages and layouts kept per data version start empty: a test's records may come from bulk
    writes that change no version, or a database flushed back to a version another test saw."""
    from django.core.cache import cache

    from citykb.core.caching import clear_memos

    cache.clear()
    clear_memos()


# `make mutation` runs the tests once per mutant. Migrating and loading the seed records takes 15 s, so there the
# first run keeps its SQLite test database in this file and every later run starts from a copy of it.
SEED_DATABASE = os.environ.get("TEST_SEED_DATABASE")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    if not SEED_DATABASE:
        yield
        return
    from django.conf import settings

    name = SEED_DATABASE
    if os.path.exists(SEED_DATABASE):
        name = f"{SEED_DATABASE}.{os.getpid()}"  # mutants run side by side: each on a copy of its own
        shutil.copyfile(SEED_DATABASE, name)
    settings.DATABASES["default"]["TEST"]["NAME"] = name
    yield
    if name != SEED_DATABASE:
        os.remove(name)


@pytest.fixture(scope="session")
def django_db_keepdb(request):
    return bool(SEED_DATABASE) or request.config.getvalue("reuse_db")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed records once into the test database; each test's transaction is rolled back.

    Tests that flush the database (transactional ones) run after all others, as
    pytest-django orders them, and load what they need themselves.
    """
    from agreements.models import Announcement
    from search.models import PendingIndexUpdate

    with django_db_blocker.unblock():
        if not Announcement.objects.exists():  # a kept test database (SEED_DATABASE) has them already
            load_fixtures()
        PendingIndexUpdate.objects.all().delete()


@pytest.fixture
def seeded(db):
    """The three seed announcements and every curated record, loaded as `make run` loads them."""
    from agreements.models import Announcement

    if not Announcement.objects.exists():
        load_fixtures()


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(scope="module", params=[10, 1000], ids=lambda count: f"{count}-agreements")
def agreement_world(request, django_db_setup, django_db_blocker):
    """10, then 1,000 agreements with every related row, built once per module and rolled back after it."""
    from django.db import transaction

    from tests.factories import build_agreement_world

    with django_db_blocker.unblock(), transaction.atomic():
        build_agreement_world(request.param)
        yield request.param
        transaction.set_rollback(True)


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    # `make test` runs the suite on several workers (pytest-xdist, --dist loadgroup): the tests that start, kill or
    # restart services and make their own databases run one after another on one of them.
    for item in items:
        if "system" in item.keywords:
            item.add_marker(pytest.mark.xdist_group("system"))


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    # pytest-xdist groups tests by adding "@group" to their ids, which pytest 9.2 no longer takes
    # (pytest-xdist#1386); ungrouped, two workers would restart PostgreSQL under each other's tests.
    if getattr(session.config.option, "loadgroup", False):
        ungrouped = [item.nodeid for item in session.items if "system" in item.keywords and "@" not in item.nodeid]
        if ungrouped:
            raise pytest.UsageError(f"pytest-xdist did not group the system tests ({ungrouped[0]}, …).")


def pytest_runtest_setup(item):
    if "browser" in item.keywords and not os.access(CHROMIUM, os.X_OK):
        missing_part(f"Chromium is not installed at {CHROMIUM}: the browser tests did not run.")


def pytest_runtest_logreport(report):
    """Counts, for the summary, the browser tests that ran, the tests skipped by reason, and those stopped for
    a missing part (tests/parts.py)."""
    text = str(report.longrepr) if report.longrepr else ""
    if (report.skipped or report.failed) and MISSING in text:
        reason = text[text.index(MISSING) + len(MISSING) :].split(" (CI=true")[0].rstrip("')\n")
        STOPPED_FOR_MISSING_PARTS.setdefault(reason, set()).add(report.nodeid)
    elif report.skipped and isinstance(report.longrepr, tuple):
        SKIPPED[report.longrepr[2].removeprefix("Skipped: ")] += 1
    if report.when == "call" and "browser" in report.keywords and not report.skipped:
        BROWSER_TESTS_RAN.add(report.nodeid)


STOPPED_FOR_MISSING_PARTS = {}  # reason: ids of the tests it stopped
SKIPPED = Counter()  # reason: tests skipped for it, other than for a missing part
BROWSER_TESTS_RAN = set()


def what_the_run_used():
    """One line: the database, the search backends, and how many browser tests ran in which Chromium."""
    from django.conf import settings

    from tests.search.conftest import BACKENDS

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        where = f"PostgreSQL at {database.get('HOST') or 'its socket'}:{database.get('PORT') or 5432}"
    else:
        where = "SQLite"
    browser_tests = len(BROWSER_TESTS_RAN)
    return (
        f"Database: {where}; search backends: {', '.join(BACKENDS)}; "
        f"{browser_tests} browser {'test' if browser_tests == 1 else 'tests'} ran in Chromium ({CHROMIUM})."
    )


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(what_the_run_used(), bold=True)
    for reason, count in sorted(SKIPPED.items()):
        terminalreporter.write_line(f"{count} skipped: {reason}", yellow=True)
    count = len(set().union(*STOPPED_FOR_MISSING_PARTS.values()))
    tests = "test" if count == 1 else "tests"
    verb = "failed" if STRICT else "skipped"
    terminalreporter.write_line(
        f"{count} {tests} {verb} for a missing part (Chromium, PostgreSQL, Redis){':' if count else '.'}",
        red=bool(count),
        green=not count,
        bold=True,
    )
    for reason, stopped in STOPPED_FOR_MISSING_PARTS.items():
        terminalreporter.write_line(f"  {len(stopped)}: {reason}", red=True)


def pytest_sessionfinish(session, exitstatus):
    # In CI a test skipped for a missing part fails the run, whichever way it was skipped.
    if STRICT and STOPPED_FOR_MISSING_PARTS and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (which cannot download its own browser here)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the live server's database is in another thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser tab whose requests may only go to the live server; anything else fails the test.

    Afterwards every page the test visited is opened again, saved as a screenshot
    under var/test-output/screenshots/<test>/ and audited (tests/page_audit.py):
    contrast, labelled controls, one h1, landmarks, no script errors.
    """
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    tab.outside_requests = []
    tab.console_errors = []
    visited = []

    def remember_page(response):
        is_page = "text/html" in response.headers.get("content-type", "")
        if response.request.is_navigation_request() and is_page and response.url not in visited:
            visited.append(response.url)

    def only_local(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            tab.outside_requests.append(route.request.url)
            route.abort()

    tab.route("**/*", only_local)
    tab.on("console", lambda message: message.type == "error" and tab.console_errors.append(message.text))
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    tab.on("response", remember_page)
    yield tab
    tab.remove_listener("response", remember_page)
    tab.set_viewport_size({"width": 1280, "height": 900})
    problems = audit_visited_pages(tab, visited, SCREENSHOTS / request.node.name)
    context.close()
    assert tab.outside_requests == [], "a page asked for something outside the site"
    assert tab.console_errors == []
    assert problems == {}, "pages a visitor would find hard to read or use"


@pytest.fixture
def admin_tab(browser, live_server, request):
    """A tab for the admin (Django's own pages are not held to the site's page audit); requests stay local,
    script errors fail the test, and each step is saved as a screenshot."""
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    outside, errors = [], []
    tab.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    tab.on("pageerror", lambda error: errors.append(str(error)))
    # A blocked script or style (Content-Security-Policy) is reported as a console error.
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    folder = SCREENSHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    tab.step = lambda name: tab.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    def sign_in(username, password):
        tab.goto("/admin/login/")
        tab.fill("#id_username", username)
        tab.fill("#id_password", password)
        tab.click("input[type=submit]")
        tab.wait_for_url(lambda url: "/login/" not in url)

    tab.sign_in = sign_in
    yield tab
    context.close()
    assert outside == [] and errors == []


@pytest.fixture
def seeded_live(transactional_db):
    load_fixtures()


POSTGRES = "postgres://postgres@127.0.0.1:5432"


@pytest.fixture
def postgres_databases():
    """Makes empty PostgreSQL databases on request and drops them afterwards; needs PostgreSQL (tests/parts.py)."""
    import psycopg2

    def run(*statements):
        # A connection per use: a test may restart PostgreSQL in between.
        admin = psycopg2.connect(f"{POSTGRES}/postgres", connect_timeout=10)
        admin.autocommit = True
        with admin.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        admin.close()

    try:
        run("SELECT 1")
    except psycopg2.OperationalError:
        missing_part("PostgreSQL is not running at 127.0.0.1:5432: the tests making databases did not run.")
    made = []

    def make():
        name = f"citykb_test_{os.getpid()}_{len(made)}"
        run(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{POSTGRES}/{name}"

    yield make
    run(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in made))
