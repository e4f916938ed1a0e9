from django.urls import path

from citykb.core.caching import cache_page as page

from . import views

app_name = "partners"

urlpatterns = [
    path("organizations/", page(views.OrganizationListView.as_view(), ["page"]), name="organization_list"),
    path("organizations/<slug:slug>/", page(views.OrganizationDetailView.as_view()), name="organization_detail"),
    path("cities/", page(views.CityListView.as_view(), ["page"]), name="city_list"),
    path("cities/<slug:slug>/", page(views.CityDetailView.as_view()), name="city_detail"),
    path("people/", page(views.PersonListView.as_view(), ["page"]), name="person_list"),
    path("people/<slug:slug>/", page(views.PersonDetailView.as_view()), name="person_detail"),
]
