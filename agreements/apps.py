from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agreements"

    def ready(self):
        from citykb.core.caching import follow_changes

        from . import likeness, mentions

        # Not what is worked out from the records (the mention index, the likeness bands), nor the import reports and
        # suggestions that no public page shows.
        unseen = {"announcementmention", "announcementband", "importreport", "suggestion"}
        # In this order: a change first gets a new data version, so that the mention
        # index is rewritten from today's names, not from those memoized for the old version.
        follow_changes([model for model in self.get_models() if model._meta.model_name not in unseen])
        mentions.connect_signals()
        likeness.connect_signals()
