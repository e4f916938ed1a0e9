"""Importing a new announcement: read the file or pasted text, store it verbatim, link what it names.

Every import leaves an ImportReport, refused ones too. What is refused stores
no announcement: an empty or oversized file, text that is not UTF-8 (or not
in the charset an HTML file declares), a binary file, a text already stored.
"""

import logging
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from django.db import IntegrityError, transaction

from citykb.core.dates import FuzzyDate
from citykb.core.filters import CONTROL_CHARACTERS
from citykb.core.history import change_batch

from ..likeness import nearly_the_same
from ..models import Announcement, ImportReport, Suggestion, content_hash
from .linking import MOST_OF_A_KIND, kinds_cut_short, suggestions_for
from .reviewing import free_slug

MAX_BYTES = 2 * 1024 * 1024
ACCEPTED_SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html"}
PASTED = "pasted text"
UNFINISHED = "Finding what the text names did not finish."
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


logger = logging.getLogger(__name__)


class ImportRefused(Exception):
    """An import that stores nothing; the message says why, for the editor."""


def read_file(name, data):
    """The text of an uploaded or named file (HTML reduced to text), or ImportRefused."""
    kind = ACCEPTED_SUFFIXES.get(Path(name).suffix.lower())
    if kind is None:
        raise ImportRefused(f"{name}: only .txt, .md and .html files can be imported.")
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"{name}: the file is {len(data) / 1024 / 1024:.1f} MB; the limit is 2 MB.")
    if not data.strip():
        raise ImportRefused(f"{name}: the file is empty.")
    if b"\x00" in data:
        raise ImportRefused(f"{name}: this is a binary file, not text.")
    charset = "utf-8"
    if kind == "html" and (declared := DECLARED_CHARSET.search(data[:4096])):
        charset = declared[1].decode("ascii").lower()
    try:
        text = data.decode("utf-8-sig" if charset in ("utf-8", "utf8") else charset)
    except LookupError:
        raise ImportRefused(f"{name}: the file declares an unknown character set, {charset!r}.") from None
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"{name}: the text cannot be read as {charset.upper()} (byte {error.start} is not valid);"
            " save it as UTF-8 and import it again."
        ) from None
    except UnicodeError:  # a codec that reads no text at all: Python's "undefined" fails on every byte
        raise ImportRefused(f"{name}: the file declares an unknown character set, {charset!r}.") from None
    return html_to_text(text) if kind == "html" else text


def import_text(text, *, title="", published="", publisher="", source=PASTED, user=None, even_if_alike=False):
    """Store `text` as a new announcement and the linker's suggestions for it; returns the ImportReport.

    Refused imports return a report with outcome "refused" and the reason, and store nothing else.
    """
    try:
        with transaction.atomic(), change_batch():
            announcement = _stored_announcement(text, title, published, publisher, source, even_if_alike)
            report = ImportReport.objects.create(
                imported_by=user,
                source=source[:300],
                outcome=ImportReport.Outcome.IMPORTED,
                # Until linking ends: a process killed meanwhile leaves a report that says so.
                problem=UNFINISHED,
                announcement=announcement,
                characters=len(text),
            )
    except ImportRefused as refusal:
        return ImportReport.objects.create(
            imported_by=user, source=source[:300], outcome=ImportReport.Outcome.REFUSED, problem=str(refusal)
        )
    link(report)
    return report


def link(report):
    """Find what the report's stored announcement names and store the suggestions.

    Outside the transaction that stored the announcement: finding them only reads, and a long text must
    not hold the database's write lock. A failure is written into the report, never lost.
    """
    try:
        suggestions = suggestions_for(report.announcement, report)
        with transaction.atomic():
            Suggestion.objects.bulk_create(suggestions)
            report.mentions_linked = sum(1 for s in suggestions if s.kind == s.Kind.MENTION)
            cut_short = kinds_cut_short(suggestions)
            report.problem = (
                f"Only the first {MOST_OF_A_KIND:,} suggestions of a kind are proposed: the text may hold more "
                f"({', '.join(cut_short)})."
                if cut_short
                else ""
            )
            report.save(update_fields=["mentions_linked", "problem"])
    except Exception as error:  # anything at all: the stored announcement stays, the report says why
        logger.exception("Linking %s failed", report.announcement)
        report.problem = f"The announcement is stored, but finding what it names failed: {error}"
        report.save(update_fields=["problem"])


def import_file(path_or_name, data=None, **options):
    """Import a file (read from disk unless its bytes are given); returns the ImportReport."""
    name = Path(path_or_name).name
    try:
        text = read_file(name, Path(path_or_name).read_bytes() if data is None else data)
    except ImportRefused as refusal:
        return ImportReport.objects.create(
            imported_by=options.get("user"),
            source=name,
            outcome=ImportReport.Outcome.REFUSED,
            problem=str(refusal),
        )
    return import_text(text, source=name, **options)


def _stored_announcement(text, title, published, publisher, source, even_if_alike, tries=3):
    """The new announcement, saved; two imports at once cannot store one text twice (the database refuses
    the second), and one that lost a race for its title's address takes the next free one."""
    for _attempt in range(tries):
        announcement = announcement_from(text, title, published, publisher, source)
        if not even_if_alike:
            _refuse_if_nearly_stored(text)
        try:
            with transaction.atomic():
                announcement.save()
        except IntegrityError:
            continue  # the other import has committed: the next try sees its text or its address
        return announcement
    raise ImportRefused("Other imports were storing the same text or title at the same moment; try again.")


def _refuse_if_nearly_stored(text):
    alike = nearly_the_same(text)
    if alike:
        announcement, share = alike[0]
        raise ImportRefused(
            f"This text is nearly the same ({share:.0%}) as “{announcement.title}” "
            f"({announcement.get_absolute_url()}). If it is another announcement, import it again "
            "with “Import it even if alike” ticked (--even-if-alike from the command line)."
        )


def announcement_from(text, title="", published="", publisher="", source=PASTED):
    """The unsaved announcement a text would become, or ImportRefused saying why it cannot."""
    if not text.strip():
        raise ImportRefused("The text is empty.")
    if not _visible(text):  # zero-width spaces and joiners only: a title and a page nobody could see
        raise ImportRefused("The text has no visible character.")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ImportRefused("The text is over 2 MB.")
    if CONTROL_CHARACTERS.search(text):  # a text file has none (and the Atom feed could not carry them)
        raise ImportRefused("The text holds control characters: it looks like a binary file.")
    existing = Announcement.objects.filter(content_hash=content_hash(text)).first()
    if existing is not None:
        raise ImportRefused(f"This text is already stored as “{existing.title}” ({existing.get_absolute_url()}).")
    try:
        date = FuzzyDate.parse(published)
    except ValueError as error:
        raise ImportRefused(str(error)) from None
    title = " ".join((title or _first_line(text)).split())[:300]
    announcement = Announcement(
        title=title,
        slug=free_slug(Announcement, title),
        publisher=publisher[:200],
        body=text,
        source_file="" if source == PASTED else source[:255],
    )
    announcement.published = date
    return announcement


def _first_line(text):
    return next(line.strip() for line in text.splitlines() if _visible(line))


def _visible(text):
    """Whether the text has a character that shows: not a space, nor a format character (U+200B, U+FEFF…)."""
    return any(not character.isspace() and unicodedata.category(character) != "Cf" for character in text)


class _TextOfHtml(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}
    SKIPPED = {"script", "style", "head", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html):
    """The readable text of an HTML page: paragraphs as blank-line-separated lines, no markup or scripts."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
