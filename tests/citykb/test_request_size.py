"""A request larger than the site takes is refused by its Content-Length, before a byte of its body is read."""

import pytest
from django.test import Client

HUGE = 200 * 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of an oversized request was read")

    readline = read


def post_claiming(client, path, length):
    return client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        **{"CONTENT_LENGTH": str(length), "wsgi.input": UnreadableBody()},
    )


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/agreements/announcement/import/", "/search/"])
def test_an_oversized_request_is_refused_unread_with_413(db, path):
    response = post_claiming(Client(raise_request_exception=False), path, HUGE)
    assert response.status_code == 413
    assert "at most 3 MB" in response.content.decode()


def test_an_oversized_api_request_is_refused_with_json(db):
    response = post_claiming(Client(raise_request_exception=False), "/api/agreements/", HUGE)
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request is 200.0 MB")


def test_django_reads_no_more_than_the_request_limit_into_memory(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_REQUEST_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_REQUEST_BYTES
