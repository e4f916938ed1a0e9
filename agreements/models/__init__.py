from .agreements import (
    Agreement,
    AgreementAlias,
    AgreementParty,
    ScopeItem,
    SigningAttendance,
    Topic,
)
from .announcements import (
    Announcement,
    AnnouncementAlias,
    AnnouncementMention,
    Citation,
    PublicationCitation,
    citations_of,
    content_hash,
    prefetch_citations,
)
from .events import (
    Event,
    EventAlias,
    EventRole,
    Initiative,
    InitiativeAlias,
    InitiativeRole,
    StatedFigure,
)
from .imports import ImportReport, Suggestion
from .versions import DataVersion

__all__ = [
    "Agreement",
    "AgreementAlias",
    "AgreementParty",
    "Announcement",
    "AnnouncementAlias",
    "AnnouncementMention",
    "Citation",
    "DataVersion",
    "Event",
    "EventAlias",
    "EventRole",
    "ImportReport",
    "Initiative",
    "InitiativeAlias",
    "InitiativeRole",
    "PublicationCitation",
    "ScopeItem",
    "SigningAttendance",
    "StatedFigure",
    "Suggestion",
    "Topic",
    "citations_of",
    "content_hash",
    "prefetch_citations",
]
