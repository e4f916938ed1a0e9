from django.urls import path

from citykb.core.caching import cache_page as page

from . import exports, views
from .filters import AgreementFilter
from .timeline import TimelineForm

app_name = "agreements"

urlpatterns = [
    path("", page(views.home), name="home"),
    path(
        "agreements/",
        page(views.AgreementListView.as_view(), [*AgreementFilter.base_filters, "page", "more"]),
        name="agreement_list",
    ),
    path("agreements/export.csv", exports.agreements_csv, name="agreement_csv"),
    path("agreements/export.json", exports.agreements_json, name="agreement_json"),
    path("agreements/feed/", exports.AgreementFeed(), name="agreement_feed"),
    path("agreements/<slug:slug>/", page(views.AgreementDetailView.as_view()), name="agreement_detail"),
    path("timeline/", page(views.timeline, [*TimelineForm.base_fields, "page"]), name="timeline"),
    path("network/", page(views.network), name="network"),
    path("announcements/", page(views.AnnouncementListView.as_view(), ["page"]), name="announcement_list"),
    path("announcements/<slug:slug>/", page(views.AnnouncementDetailView.as_view()), name="announcement_detail"),
    path("announcements/<slug:slug>/passages/<int:start>-<int:end>/", page(views.passage), name="passage"),
    path("events/", page(views.EventListView.as_view(), ["page"]), name="event_list"),
    path("events/<slug:slug>/", page(views.EventDetailView.as_view()), name="event_detail"),
    path("initiatives/", page(views.InitiativeListView.as_view(), ["page"]), name="initiative_list"),
    path("initiatives/<slug:slug>/", page(views.InitiativeDetailView.as_view()), name="initiative_detail"),
]
