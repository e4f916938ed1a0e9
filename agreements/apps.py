from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agreements"

    def ready(self):
        from . import caching, mentions

        # In this order: a change first gets a new data version, so that the mention
        # index is rewritten from today's names, not from those kept for the old version.
        caching.connect_signals()
        mentions.connect_signals()
