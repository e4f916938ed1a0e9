from django.urls import path

from agreements.caching import page_kept_until_data_changes as page

from . import api, views

app_name = "search"

urlpatterns = [
    path("search/", page(views.results), name="results"),
    path("search/feed/", views.SearchFeed(), name="feed"),
    path("api/search/", api.SearchView.as_view(), name="api"),
]
