from django.urls import path

from citykb.core.caching import cache_page as page

from . import api, views

app_name = "search"

urlpatterns = [
    path("search/", page(views.results), name="results"),
    path("search/feed/", views.SearchFeed(), name="feed"),
    path("api/search/", api.SearchView.as_view(), name="api"),
]
