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
    AnnouncementBand,
    AnnouncementMention,
    Citation,
    PublicationCitation,
    content_hash,
    rewrite_worked_out,
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

__all__ = [
    "Agreement",
    "AgreementAlias",
    "AgreementParty",
    "Announcement",
    "AnnouncementAlias",
    "AnnouncementBand",
    "AnnouncementMention",
    "Citation",
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
    "content_hash",
    "rewrite_worked_out",
]
