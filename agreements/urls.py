from django.urls import path

from . import exports, views

app_name = "agreements"

urlpatterns = [
    path("", views.home, name="home"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/export.csv", exports.agreements_csv, name="agreement_csv"),
    path("agreements/export.json", exports.agreements_json, name="agreement_json"),
    path("agreements/feed/", exports.AgreementFeed(), name="agreement_feed"),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("network/", views.network, name="network"),
    path("announcements/", views.AnnouncementListView.as_view(), name="announcement_list"),
    path("announcements/<slug:slug>/", views.AnnouncementDetailView.as_view(), name="announcement_detail"),
    path("announcements/<slug:slug>/passages/<int:start>-<int:end>/", views.passage, name="passage"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("initiatives/", views.InitiativeListView.as_view(), name="initiative_list"),
    path("initiatives/<slug:slug>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
]
