from django.apps import AppConfig


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"

    def ready(self):
        from citykb.core.caching import follow_changes

        from . import merging  # noqa: F401  (its receiver takes back a merge when the merged-away record is restored)

        follow_changes(self.get_models())
