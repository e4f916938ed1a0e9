from django.contrib import admin
from django.db import models

from agreements.actions import INDEXED_RECORD_ACTIONS, RECORD_ACTIONS

from .models import Affiliation, City, CityAlias, Organization, OrganizationAlias, Person, PersonAlias


class CityAliasInline(admin.TabularInline):
    model = CityAlias
    extra = 0


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 0


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["person", "organization", "city", "citations"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    actions = INDEXED_RECORD_ACTIONS
    list_display = ["name", "country", "parent"]
    list_filter = ["country"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "citations"]
    inlines = [CityAliasInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    actions = INDEXED_RECORD_ACTIONS
    list_display = ["name", "kind", "country", "city"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city", "parent", "citations"]
    inlines = [OrganizationAliasInline, AffiliationInline]
    # A website typed without a scheme is taken as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    actions = INDEXED_RECORD_ACTIONS
    list_display = ["name"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["citations"]
    inlines = [PersonAliasInline, AffiliationInline]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    actions = RECORD_ACTIONS
    list_display = ["person", "title", "organization", "city"]
    search_fields = ["person__name", "title", "organization__name", "city__name"]
    autocomplete_fields = ["person", "organization", "city", "citations"]


@admin.register(CityAlias, OrganizationAlias, PersonAlias)
class AliasAdmin(admin.ModelAdmin):
    actions = RECORD_ACTIONS
    list_display = ["name", "__str__"]
    search_fields = ["name"]
