"""Settings read from the environment: safe defaults, and production refuses to start unsafely."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from citykb.settings import env_bool, env_list


def read_settings(**env):
    """The settings a fresh process gets with this environment (and nothing from ours)."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'DEBUG': s.DEBUG, 'SECURE_SSL_REDIRECT': s.SECURE_SSL_REDIRECT, "
        "'SECURE_HSTS_SECONDS': s.SECURE_HSTS_SECONDS, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS, "
        "'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, 'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE, "
        "'ENGINE': s.DATABASES['default']['ENGINE'], 'SEARCH_INDEX_DIR': str(s.SEARCH_INDEX_DIR)}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "citykb.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_env_bool_reads_common_spellings_and_refuses_others(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", True) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be 1 or 0"):
        env_bool("X_FLAG", False)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example, b.example,,")
    assert env_list("X_HOSTS", []) == ["a.example", "b.example"]


def test_production_without_a_secret_key_refuses_to_start():
    result = read_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_production_turns_on_https_redirect_and_hsts_by_default():
    result = read_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="s" * 50, DJANGO_ALLOWED_HOSTS="kb.example")
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True and values["SECURE_HSTS_SECONDS"] > 0
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["ALLOWED_HOSTS"] == ["kb.example"]


def test_debug_defaults_to_sqlite_under_var_and_plain_http():
    values = json.loads(read_settings(DJANGO_DEBUG="1").stdout)
    assert values["DEBUG"] is True and values["SECURE_SSL_REDIRECT"] is False
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["SEARCH_INDEX_DIR"].endswith("var/search-index")


def test_secure_ssl_can_be_turned_off_for_a_plain_http_local_run():
    result = read_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="s" * 50, DJANGO_SECURE_SSL="0")
    values = json.loads(result.stdout)
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False


def test_database_url_selects_postgresql():
    result = read_settings(DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/citykb")
    assert json.loads(result.stdout)["ENGINE"] == "django.db.backends.postgresql"


def test_the_development_server_logs_each_line_once():
    """Django gives its "django" logger a console handler of its own while debugging; the root one is enough."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('Not Found: /once/'); "
        "logging.getLogger('citykb').warning('Said once')"
    )
    logged = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "citykb.settings", "DJANGO_DEBUG": "1"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert logged.returncode == 0, logged.stderr
    assert logged.stderr.count("Not Found: /once/") == 1, logged.stderr
    assert logged.stderr.count("Said once") == 1, logged.stderr
