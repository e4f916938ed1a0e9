"""Wires the apps' pages, the JSON API and the admin together."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import routers

from agreements.api import AgreementViewSet, AnnouncementViewSet, EventViewSet, InitiativeViewSet
from partners.api import CityViewSet, OrganizationViewSet, PersonViewSet

api = routers.DefaultRouter()
api.register("agreements", AgreementViewSet, basename="agreement")
api.register("organizations", OrganizationViewSet, basename="organization")
api.register("cities", CityViewSet, basename="city")
api.register("people", PersonViewSet, basename="person")
api.register("events", EventViewSet, basename="event")
api.register("initiatives", InitiativeViewSet, basename="initiative")
api.register("announcements", AnnouncementViewSet, basename="announcement")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/", include(api.urls)),
    path("", include("search.urls")),
    path("", include("partners.urls")),
    path("", include("agreements.urls")),
]
