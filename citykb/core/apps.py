from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The base layer every app stands on; it imports none of them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "citykb.core"
    label = "core"
    verbose_name = "CityKB core"

    def ready(self):
        from . import caching
        from .models import UnsourcedFact

        caching.connect_signals()
        caching.follow_changes([UnsourcedFact])  # a page shows the marks beside the facts
