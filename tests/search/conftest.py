import os

import pytest

from search.indexing import rebuild


@pytest.fixture
def indexed(seeded):
    """The seed records, with the search index built from them."""
    rebuild()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit index updates of a block of changes, as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


# The PostgreSQL backend keeps its documents in the database: it runs in the PostgreSQL test run.
BACKENDS = ["whoosh", "postgres"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else ["whoosh"]


@pytest.fixture(params=BACKENDS)
def engine(request, settings, seeded):
    """Each search backend in turn, its index built from the seed records."""
    settings.SEARCH_BACKEND = request.param
    rebuild()
    return request.param
