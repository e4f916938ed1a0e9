"""The kinds of record that have pages of their own: the one place they are listed.

A kind's name is its word everywhere: its pages' URL names (`<app>:<name>_detail`, `<app>:<name>_list`),
the API's routes and `type` fields, search document types, the mention index and the connections graph.
"""

from dataclasses import dataclass

from django.apps import apps

from .pages import page_address


@dataclass(frozen=True)
class Kind:
    name: str
    plural: str
    model_label: str
    # Announcements' texts are read for the names of records of this kind (the mention index).
    mentioned: bool = False

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def detail_view(self):
        return f"{self.model_label.partition('.')[0]}:{self.name}_detail"

    @property
    def list_view(self):
        return f"{self.model_label.partition('.')[0]}:{self.name}_list"

    def page(self, slug):
        """The address of the page of the record of this kind with this slug."""
        return page_address(self.detail_view, slug)


# In the order search results, facets and the API list them; when two records share a name, a mention
# is taken to be of the earlier kind.
KINDS = (
    Kind("announcement", "announcements", "agreements.Announcement"),
    Kind("agreement", "agreements", "agreements.Agreement"),
    Kind("organization", "organizations", "partners.Organization", mentioned=True),
    Kind("city", "cities", "partners.City", mentioned=True),
    Kind("person", "people", "partners.Person", mentioned=True),
    Kind("event", "events", "agreements.Event", mentioned=True),
    Kind("initiative", "initiatives", "agreements.Initiative", mentioned=True),
)
MENTIONED = tuple(kind for kind in KINDS if kind.mentioned)
_BY_NAME = {kind.name: kind for kind in KINDS}
_BY_LABEL = {kind.model_label: kind for kind in KINDS}


def kind_named(name):
    """The kind of this name ("city"), or None."""
    return _BY_NAME.get(name)


def kind_of(model):
    """The kind of a model or of a record, or None for a model that has no pages (a citation, a link)."""
    return _BY_LABEL.get(model._meta.label)


def page_of(record):
    """The address of a record's page."""
    return kind_of(record).page(record.slug)


def choices(kinds=KINDS):
    """(name, label) pairs for a field or form that picks a kind."""
    return [(kind.name, kind.name.capitalize()) for kind in kinds]
