from .agreements import (
    Agreement,
    AgreementAlias,
    AgreementParty,
    ScopeItem,
    SigningAttendance,
    Topic,
)
from .announcements import Announcement, AnnouncementAlias, Citation, PublicationCitation, prefetch_citations
from .events import (
    Event,
    EventAlias,
    EventRole,
    Initiative,
    InitiativeAlias,
    InitiativeRole,
    StatedFigure,
)

__all__ = [
    "Agreement",
    "AgreementAlias",
    "AgreementParty",
    "Announcement",
    "AnnouncementAlias",
    "Citation",
    "Event",
    "EventAlias",
    "EventRole",
    "Initiative",
    "InitiativeAlias",
    "InitiativeRole",
    "PublicationCitation",
    "ScopeItem",
    "SigningAttendance",
    "StatedFigure",
    "Topic",
    "prefetch_citations",
]
