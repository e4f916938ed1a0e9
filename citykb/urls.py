"""Wires the apps' pages, the JSON API and the admin together."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import admin
from django.http import JsonResponse
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views import defaults
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers

from agreements.api import AgreementViewSet, AnnouncementViewSet, EventViewSet, InitiativeViewSet
from citykb.core.kinds import kind_of
from partners.api import CityViewSet, OrganizationViewSet, PersonViewSet

api = routers.DefaultRouter()
for viewset in (
    AgreementViewSet,
    OrganizationViewSet,
    CityViewSet,
    PersonViewSet,
    EventViewSet,
    InitiativeViewSet,
    AnnouncementViewSet,
):
    kind = kind_of(viewset.queryset.model)
    api.register(kind.plural, viewset, basename=kind.name)


# Errors Django answers itself (no route, a disallowed host, a failed CSRF check, an exception a view let
# through): JSON under /api/, whose clients parse every answer, the site's HTML pages elsewhere.


def _is_api(request):
    return request.path.startswith("/api/")


def bad_request(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": "Permission denied."}, status=403)
    return defaults.permission_denied(request, exception)


def not_found(request, exception):
    """404: JSON under /api/ (an address no route matches, like a slug with a slash), the site's page elsewhere."""
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


handler400 = bad_request
handler403 = permission_denied
handler404 = not_found
handler500 = server_error

urlpatterns = [
    # Lazy: the file's hashed name is known only once collectstatic has run.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # Swagger UI's start script is a file (the split view), but it adds <style> elements as it draws:
    # this page alone allows inline styles. Scripts stay 'self' only.
    path(
        "api/docs/",
        csp_replace({"style-src": [SELF, UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    path("api/", include(api.urls)),
    path("", include("search.urls")),
    path("", include("partners.urls")),
    path("", include("agreements.urls")),
]
