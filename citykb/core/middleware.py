"""Refusing a request larger than the site takes, by its Content-Length, before its body is read."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse


def refuse_oversized_requests(get_response):
    """413 for a request whose declared length passes MAX_REQUEST_BYTES.

    Django reads a body when a view (or the CSRF check) first asks for request.POST or FILES: an upload
    of 200 MB would be parsed and written out, and the largest thing any page accepts is an import's file.
    A body sent without a Content-Length is not read at all (WSGI gives it no length).
    """

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= settings.MAX_REQUEST_BYTES:
            return get_response(request)
        message = (
            f"The request is {length / 1024 / 1024:.1f} MB; the site accepts at most "
            f"{settings.MAX_REQUEST_BYTES // (1024 * 1024)} MB (an imported file may be up to 2 MB)."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")

    return middleware
