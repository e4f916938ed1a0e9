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
