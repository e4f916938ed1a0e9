from django.urls import path

from citykb.core.caching import cache_page as page

from . import api, views
from .forms import SearchForm

app_name = "search"

urlpatterns = [
    path("search/", page(views.results, SearchForm.base_fields), name="results"),
    path("search/feed/", views.SearchFeed(), name="feed"),
    path("api/search/", api.SearchView.as_view(), name="api"),
]
