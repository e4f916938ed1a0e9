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


def not_found(request, exception):
    """404: JSON under /api/ (an address no route matches, like a slug with a slash), the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = not_found

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
