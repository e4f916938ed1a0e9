from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.home, name="home"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("announcements/", views.AnnouncementListView.as_view(), name="announcement_list"),
    path("announcements/<slug:slug>/", views.AnnouncementDetailView.as_view(), name="announcement_detail"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("initiatives/", views.InitiativeListView.as_view(), name="initiative_list"),
    path("initiatives/<slug:slug>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
]
