"""The README's "Running on PostgreSQL" recipe, run as written against a fresh database: everything the site needs
to answer comes from `migrate` (the throttle's cache table too), so a page, the API and a search all answer."""

import json
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings

from tests.processes import django_environment, manage, run_django

pytestmark = pytest.mark.system


def readme_recipe():
    """The manage.py commands of the README's "Running on PostgreSQL" block, before runserver, as written."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("## Running on PostgreSQL", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)[1]
    commands = [shlex.split(line)[2:] for line in block.splitlines() if "manage.py" in line]
    assert commands[-1] == ["runserver"], "the recipe ends by serving"
    return commands[:-1]


ADDRESSES = ["/", "/agreements/", "/api/agreements/", "/api/search/?q=ZTE", "/search/?q=ZTE", "/search/feed/?q=ZTE"]

REQUESTS = f"""
import json
from django.test import Client
visitor = Client(HTTP_HOST="localhost", raise_request_exception=False)
print(json.dumps({{address: visitor.get(address).status_code for address in {ADDRESSES!r}}}))
"""


def test_the_postgresql_recipe_as_written_answers_pages_api_and_search(tmp_path, postgres_databases):
    environment = {**django_environment(postgres_databases(), tmp_path / "index"), "PAGE_CACHE": "1"}
    environment.pop("REDIS_URL", None)  # the recipe sets no Redis: the throttle counts in the database
    recipe = readme_recipe()
    assert recipe[0] == ["migrate"]
    for command in recipe:
        code, output = manage(environment, *command)
        assert code == 0, output
    code, output = run_django(REQUESTS, environment)
    assert code == 0, output
    statuses = json.loads(output.strip().splitlines()[-1])
    assert statuses == dict.fromkeys(ADDRESSES, 200)
