from django.contrib import admin
from django.urls import path

from citykb.core.actions import INDEXED_RECORD_ACTIONS, RECORD_ACTIONS
from partners.admin import AliasAdmin, RecordAdmin, merge_selected

from .forms import CitationForm, dated_form
from .imports.admin import import_view, relink_selected
from .models import (
    Agreement,
    AgreementAlias,
    AgreementParty,
    Announcement,
    AnnouncementAlias,
    Citation,
    Event,
    EventAlias,
    EventRole,
    Initiative,
    InitiativeAlias,
    InitiativeRole,
    PublicationCitation,
    ScopeItem,
    SigningAttendance,
    StatedFigure,
    Topic,
)


def date_column(name, label):
    """A list column showing a fuzzy date as stated ("late 2016"), sorted by its first possible day."""

    @admin.display(description=label, ordering=f"{name}_start")
    def column(record):
        return str(getattr(record, name))

    return column


published_as_stated = date_column("published", "published")
signed_as_stated = date_column("signed", "signed")
held_as_stated = date_column("held", "held")


class AliasInline(admin.TabularInline):
    extra = 0


class AgreementAliasInline(AliasInline):
    model = AgreementAlias


class AnnouncementAliasInline(AliasInline):
    model = AnnouncementAlias


class EventAliasInline(AliasInline):
    model = EventAlias


class InitiativeAliasInline(AliasInline):
    model = InitiativeAlias


class PublicationCitationInline(admin.TabularInline):
    model = PublicationCitation
    extra = 0
    autocomplete_fields = ["citation"]


class CitedInline(admin.TabularInline):
    extra = 0
    autocomplete_fields = ["citations"]


class AgreementPartyInline(CitedInline):
    model = AgreementParty
    autocomplete_fields = ["organization", "city", "citations"]


class ScopeItemInline(CitedInline):
    model = ScopeItem


class SigningAttendanceInline(CitedInline):
    model = SigningAttendance
    autocomplete_fields = ["person", "citations"]


class EventRoleInline(CitedInline):
    model = EventRole
    autocomplete_fields = ["organization", "person", "citations"]


class InitiativeRoleInline(CitedInline):
    model = InitiativeRole
    autocomplete_fields = ["organization", "citations"]


@admin.register(Announcement)
class AnnouncementAdmin(RecordAdmin):
    actions = [*INDEXED_RECORD_ACTIONS, relink_selected]
    form = dated_form(Announcement)
    list_display = ["title", published_as_stated, "author", "source_file"]
    list_filter = ["publisher"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AnnouncementAliasInline, PublicationCitationInline]
    change_list_template = "admin/announcement_change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(lambda request: import_view(self, request)),
                name="agreements_announcement_import",
            ),
            *super().get_urls(),
        ]


@admin.register(Citation)
class CitationAdmin(RecordAdmin):
    form = CitationForm
    fields = ["announcement", "quote", "occurrence", "start", "end"]
    readonly_fields = ["start", "end"]
    autocomplete_fields = ["announcement"]
    list_display = ["quote", "announcement", "start", "end"]
    list_filter = ["announcement"]
    search_fields = ["quote", "announcement__title"]
    list_select_related = ["announcement"]


@admin.register(PublicationCitation)
class PublicationCitationAdmin(RecordAdmin):
    list_display = ["announcement", "citation"]
    search_fields = ["announcement__title", "citation__quote"]
    list_select_related = ["announcement", "citation__announcement"]
    autocomplete_fields = ["announcement", "citation"]


@admin.register(Topic)
class TopicAdmin(RecordAdmin):
    actions = [*RECORD_ACTIONS, merge_selected]
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Agreement)
class AgreementAdmin(RecordAdmin):
    actions = INDEXED_RECORD_ACTIONS
    form = dated_form(Agreement)
    list_display = ["title", "kind", "status", signed_as_stated, "signed_in"]
    list_select_related = ["signed_in"]
    list_filter = ["kind", "status", "topics"]
    search_fields = ["title", "summary", "aliases__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "signed_in", "signed_at_event", "citations", "signing_citations"]
    inlines = [AgreementAliasInline, AgreementPartyInline, ScopeItemInline, SigningAttendanceInline]


@admin.register(Event)
class EventAdmin(RecordAdmin):
    actions = [*INDEXED_RECORD_ACTIONS, merge_selected]
    form = dated_form(Event)
    list_display = ["name", "city", held_as_stated]
    list_select_related = ["city"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city", "topics", "citations"]
    inlines = [EventAliasInline, EventRoleInline]


@admin.register(Initiative)
class InitiativeAdmin(RecordAdmin):
    actions = [*INDEXED_RECORD_ACTIONS, merge_selected]
    form = dated_form(Initiative)
    list_display = ["name", "kind", "city"]
    list_select_related = ["city"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city", "topics", "citations"]
    inlines = [InitiativeAliasInline, InitiativeRoleInline]


@admin.register(StatedFigure)
class StatedFigureAdmin(RecordAdmin):
    list_display = ["as_stated", "measure", "event", "initiative", "city"]
    list_filter = ["measure", "qualifier"]
    list_select_related = ["event", "initiative", "city"]
    search_fields = ["as_stated", "measure"]
    prepopulated_fields = {"slug": ["measure"]}
    autocomplete_fields = ["event", "initiative", "city", "citations"]


@admin.register(AgreementParty)
class AgreementPartyAdmin(RecordAdmin):
    list_display = ["agreement", "organization", "city", "role"]
    search_fields = ["agreement__title", "organization__name", "city__name"]
    list_select_related = ["agreement", "organization", "city"]
    list_filter = ["role"]
    autocomplete_fields = ["agreement", "organization", "city", "citations"]


@admin.register(ScopeItem)
class ScopeItemAdmin(RecordAdmin):
    list_display = ["description", "agreement", "position"]
    search_fields = ["description", "agreement__title"]
    list_select_related = ["agreement"]
    autocomplete_fields = ["agreement", "citations"]


@admin.register(SigningAttendance)
class SigningAttendanceAdmin(RecordAdmin):
    list_display = ["person", "role", "agreement"]
    list_filter = ["role"]
    search_fields = ["person__name", "agreement__title"]
    list_select_related = ["agreement", "person"]
    autocomplete_fields = ["agreement", "person", "citations"]


@admin.register(EventRole)
class EventRoleAdmin(RecordAdmin):
    list_display = ["event", "organization", "person", "role"]
    list_filter = ["role"]
    search_fields = ["event__name", "organization__name", "person__name"]
    list_select_related = ["event", "organization", "person"]
    autocomplete_fields = ["event", "organization", "person", "citations"]


@admin.register(InitiativeRole)
class InitiativeRoleAdmin(RecordAdmin):
    list_display = ["initiative", "organization", "role"]
    list_filter = ["role"]
    search_fields = ["initiative__name", "organization__name"]
    list_select_related = ["initiative", "organization"]
    autocomplete_fields = ["initiative", "organization", "citations"]


admin.site.register([AgreementAlias, AnnouncementAlias, EventAlias, InitiativeAlias], AliasAdmin)
