"""The admin site, its index grouped as editors work: partners, agreements, announcements and imports, then
administration. Models are named by label, so this shared layer imports no app."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

SECTIONS = [
    (
        "Partners",
        "partners",
        [
            "partners.Organization",
            "partners.City",
            "partners.Person",
            "partners.Affiliation",
            "partners.OrganizationAlias",
            "partners.CityAlias",
            "partners.PersonAlias",
            "partners.MergedSlug",
        ],
    ),
    (
        "Agreements",
        "agreements",
        [
            "agreements.Agreement",
            "agreements.Event",
            "agreements.Initiative",
            "agreements.Topic",
            "agreements.AgreementParty",
            "agreements.SigningAttendance",
            "agreements.ScopeItem",
            "agreements.StatedFigure",
            "agreements.EventRole",
            "agreements.InitiativeRole",
            "agreements.AgreementAlias",
            "agreements.EventAlias",
            "agreements.InitiativeAlias",
        ],
    ),
    (
        "Announcements and imports",
        "announcements",
        [
            "agreements.Announcement",
            "agreements.ImportReport",
            "agreements.Suggestion",
            "agreements.Citation",
            "agreements.PublicationCitation",
            "agreements.AnnouncementAlias",
            "core.UnsourcedFact",
        ],
    ),
]
# Users and groups first, then sign-in attempts and any model not named above.
LAST_SECTION = ("Administration", "administration", ["auth.User", "auth.Group"])


class CityKBAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        """On the index and in the sidebar, the sections above in order; an app's own page is Django's."""
        apps = super().get_app_list(request, app_label)
        if app_label:
            return apps
        models = {f"{app['app_label']}.{model['object_name']}": model for app in apps for model in app["models"]}
        sections = []
        for name, slug, labels in SECTIONS:
            sections.append((name, slug, [models.pop(label) for label in labels if label in models]))
        name, slug, labels = LAST_SECTION
        sections.append((name, slug, [models.pop(label) for label in labels if label in models] + [*models.values()]))
        return [
            # The section's heading links to its place on the index, not to an app's page.
            {"name": name, "app_label": slug, "app_url": f"#{slug}", "has_module_perms": True, "models": rows}
            for name, slug, rows in sections
            if rows
        ]


class CityKBAdminConfig(AdminConfig):
    default_site = "citykb.core.admin_site.CityKBAdminSite"
