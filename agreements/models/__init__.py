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
