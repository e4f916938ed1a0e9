"""The dates a press release states, relative ones ("on Tuesday", "next spring") read against the day it
was published: the `published` date the importer was given or, failing that, the date of the text's
dateline ("POZNAŃ, Poland, 14 March 2019 — ").

Candidate phrases are found by one regular expression in one pass of the text; `dateparser` reads only the
short phrases it is good at (weekdays, "yesterday", "last month", "June 3"), each at most once per text, and
at most MOST_PARSED of them, as a call costs about a millisecond. Parts of a year ("next spring", "early
next year") are counted here, following citykb.core.dates.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from dateparser.date import DateDataParser

from citykb.core.dates import DAY, MONTH, YEAR, FuzzyDate

MOST_PARSED = 200  # distinct phrases given to dateparser per text


def either_case(*words):
    """An alternation of words, each also capitalised: matching without re.IGNORECASE is several times faster."""
    return "|".join(f"[{word[0].upper()}{word[0]}]{word[1:]}" for word in words)


MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY_NUMBER = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR_NUMBER = r"(?:1[89]|20)\d\d(?![\d,.]\d)"
SEASON = either_case("spring", "summer", "autumn", "fall", "winter")
# A word before a date that says the phrase is one ("in 2008", "by September", "on Tuesday").
LEAD = either_case("on", "in", "by", "until", "till", "since", "from", "during", "before", "after", "at")
THE = either_case("the")
RELATIVE_YEAR = rf"(?:this|next|last)\s+year|the\s+year|{YEAR_NUMBER}"
DATE_PHRASE = re.compile(
    rf"\b(?:(?P<lead>{LEAD})\s+)?(?P<phrase>"
    rf"(?P<range>(?:from\s+)?(?P<first>{DAY_NUMBER})\s*(?:[–-]|to)\s*(?P<last>{DAY_NUMBER})\s+(?P<range_month>"
    rf"{MONTH_NAME})(?:,?\s+(?P<range_year>{YEAR_NUMBER}))?)"
    rf"|(?P<iso>\d{{4}}-\d\d-\d\d)"
    rf"|(?P<day>{DAY_NUMBER})\s+(?P<day_month>{MONTH_NAME})(?:,?\s+(?P<day_year>{YEAR_NUMBER}))?"
    rf"|(?P<month_day>{MONTH_NAME})\s+(?P<day2>{DAY_NUMBER})\b(?:,?\s+(?P<day2_year>{YEAR_NUMBER}))?"
    rf"|(?P<part>{either_case('early', 'mid', 'late')}|(?:{THE})\s+(?:first|second)\s+half\s+of"
    rf"|(?:(?:{THE})\s+)?(?:{either_case('end', 'middle', 'start', 'beginning')})\s+of)[\s-]+"
    rf"(?:(?P<part_season>{SEASON})\s+)?(?P<part_year>{RELATIVE_YEAR})"
    rf"|(?P<nearly>{either_case('later', 'earlier')})\s+this\s+year"
    rf"|(?P<relation>{either_case('this', 'next', 'last')})\s+(?P<unit>year|month|{SEASON}|{MONTH_NAME})"
    rf"|(?P<deixis>{either_case('today', 'yesterday', 'tomorrow')})"
    rf"|(?P<weekday>{WEEKDAY})"
    rf"|(?P<season>{SEASON})\s+(?:of\s+)?(?P<season_year>{YEAR_NUMBER})"
    rf"|(?P<month>{MONTH_NAME})(?:\s+(?:of\s+)?(?P<month_year>{YEAR_NUMBER}))?"
    rf"|(?P<year>{YEAR_NUMBER})"
    rf")(?!\w)"
)
# Every date phrase holds one of these; DATE_PHRASE, slow to try at every word, is tried only near them.
TRIGGER = re.compile(
    rf"{YEAR_NUMBER}|{MONTH_NAME}|{WEEKDAY}|{either_case('today', 'yesterday', 'tomorrow')}|year|month|{SEASON}"
)
REACH = 40  # characters a date phrase reaches before and after the word that sets it off
_WORD_REST = re.compile(r"\w*")
PART_WORDS = {"the first half of": "h1", "the second half of": "h2", "end of": "late", "the end of": "late"}
PART_WORDS |= {"middle of": "mid", "the middle of": "mid", "start of": "early", "the start of": "early"}
PART_WORDS |= {"beginning of": "early", "the beginning of": "early"}
SEASONS = {"fall": "autumn"}
# A weekday after these words is the one to come ("until Sunday"); after any other, the one just gone.
FORWARD = {"until", "till", "by", "before"}
HEADLINE = re.compile(r"\s*([^\n]{1,200}[^\s.!?:])[ \t]*\n")
DATELINE = re.compile(
    r"\s*(?P<place>[^\W\d_][^\W\d_.'’-]*(?:[ .'’-]+[^\W\d_]+){0,3}),(?P<rest>[^\n—–]{0,60}?)\s[—–-]{1,2}\s"
)
# A date with nothing before it but perhaps "Date:" dates the text itself.
OPENING = re.compile(r"\s*(?:(?:date|dated|published|posted)\b\W*)?$", re.I)


@dataclass(frozen=True)
class StatedDate:
    """A date as a text states it: a FuzzyDate, or a range of days; `inferred` when the text gave no year."""

    date: FuzzyDate
    last: date | None = None  # the last day of a range of days
    inferred: bool = False

    def iso(self):
        return f"{self.date.iso()}/{self.last.isoformat()}" if self.last else self.date.iso()

    def __str__(self):
        if self.last:
            return f"{self.date.start.day}–{self.last.day} {self.date.start:%B %Y}"
        return str(self.date)


@dataclass(frozen=True)
class Dateline:
    """The place (and perhaps the date) a press release opens with: "LISBON, 12 March 2019 — "."""

    start: int
    end: int
    place: str


def headline_end(text):
    """Where the headline ends: after a first line with no closing full stop that more text follows, else 0."""
    match = HEADLINE.match(text)
    return match.end() if match and text[match.end() :].strip() else 0


def dateline_of(text):
    """The dateline opening the text's first paragraph after its headline, or None."""
    match = DATELINE.match(text, headline_end(text))
    if not match:
        return None
    place = match["place"]
    return Dateline(match.start("place"), match.end(), place.title() if place.isupper() else place)


def stated_dates(text, published, dateline=None):
    """[(start, end, StatedDate, dates the text)] of the dates the text states after its headline, relative
    ones read against `published` or, when that is unknown, the date the text opens with."""
    reader, found, opened = Reader(published), [], headline_end(text)
    for match in matches_near(DATE_PHRASE, TRIGGER, text, opened):
        start = match.start("lead") if _needs_its_lead(match) else match.start("phrase")
        stated = reader.read(match, text[max(0, start - 4) : start])
        if stated is None:
            continue
        opening = not found and (dateline is not None and start < dateline.end or OPENING.match(text, opened, start))
        if opening and not published.is_known:
            reader.reference = _absolute(match)  # the dateline's date is the reference for the rest
        found.append((start, match.end(), stated, opening))
    return found


def matches_near(pattern, trigger, text, start=0):
    """The matches of `pattern` after `start`, in text order, each holding a match of `trigger` and reaching
    at most REACH characters beyond it. A pattern of many alternatives is slow to try at every word of a
    long text; a trigger of plain words is fast to find, so the pattern is tried only near one."""
    position = start
    for found in trigger.finditer(text, start):
        if found.start() < position:
            continue
        # The window ends where a word does: cut inside "Mayfield", it would read "in May" as a date.
        end = _WORD_REST.match(text, found.end() + REACH).end()
        while match := pattern.search(text, max(position, found.start() - REACH), end):
            yield match
            position = match.end()
        position = max(position, found.end())


class Reader:
    """Reads the date phrases of one text against a reference date (a FuzzyDate, perhaps unknown)."""

    def __init__(self, reference):
        self.reference = reference
        self.parsed = {}

    def read(self, match, before):
        """The StatedDate of a DATE_PHRASE match, or None when it is not one or cannot be resolved."""
        lead, groups = (match["lead"] or "").lower(), match.groupdict()
        if _needs_its_lead(match) and not lead:
            return None  # "Tuesday", "May" and "2019" alone are too often something else
        if groups["relation"] and before.lower() == "the ":
            return None  # "over the next year" is a duration
        try:
            return self._read(groups, lead)
        except ValueError:  # "31 June", a year out of range
            return None

    def _read(self, groups, lead):
        if stated := _absolute_date(groups):
            return StatedDate(stated)
        if groups["range"]:
            year = int(groups["range_year"]) if groups["range_year"] else self._year()
            month = _month(groups["range_month"])
            first, last = (_day(groups[name]) for name in ("first", "last"))
            return StatedDate(FuzzyDate.of(year, month, first), date(year, month, last), not groups["range_year"])
        if groups["day"] or groups["month_day"]:  # a day and month, the year left to the reader
            phrase = f"{groups['day'] or groups['day2']} {groups['day_month'] or groups['month_day']}"
            return self._parsed(phrase, inferred=True)
        if groups["part"]:
            part = groups["part"].lower()
            part = PART_WORDS.get(" ".join(part.split()), part)
            if season := groups["part_season"]:
                part = SEASONS.get(season.lower(), season.lower())
            return StatedDate(FuzzyDate.of(self._year(groups["part_year"]), part=part))
        if groups["nearly"]:
            return StatedDate(FuzzyDate.of(self._year()))
        if groups["relation"]:
            return self._relative(groups["relation"].lower(), groups["unit"])
        if groups["weekday"] and (reference := self._reference(DAY)) and reference.strftime("%A") == groups["weekday"]:
            return StatedDate(FuzzyDate.of(reference.year, reference.month, reference.day))  # the day of writing
        if groups["deixis"] or groups["weekday"]:
            prefer = "future" if lead in FORWARD or groups["deixis"] == "tomorrow" else "past"
            return self._parsed(groups["deixis"] or groups["weekday"], prefer, needs=DAY)
        if groups["season"]:
            season = groups["season"].lower()
            return StatedDate(FuzzyDate.of(int(groups["season_year"]), part=SEASONS.get(season, season)))
        return self._parsed(groups["month"], inferred=True)  # "in September": that of the reference year

    def _relative(self, relation, unit):
        lowered = unit.lower().rstrip(".")
        if lowered in ("year", "month"):
            return self._parsed(f"{relation} {lowered}", needs=MONTH if lowered == "month" else YEAR)
        reference = self._reference(MONTH)
        if lowered in ("spring", "summer", "autumn", "fall", "winter"):
            period = FuzzyDate.of(reference.year - 1, part=SEASONS.get(lowered, lowered))
        else:
            period = FuzzyDate.of(reference.year - 1, _month(unit))
        while period.end < reference:  # the season or month holding the reference day, or the next one
            period = _years_later(period, 1)
        if relation == "next" and period.start <= reference:
            period = _years_later(period, 1)
        elif relation == "last":
            period = _years_later(period, -1)
        return StatedDate(period)

    def _parsed(self, phrase, prefer="current_period", needs=MONTH, inferred=False):
        """What dateparser reads in the phrase, as precise as the period it names; None past MOST_PARSED."""
        reference = self._reference(needs)
        key = (phrase.lower(), prefer)
        if key not in self.parsed:
            if len(self.parsed) >= MOST_PARSED:
                return None
            base = datetime.combine(reference, datetime.min.time())
            settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True}
            self.parsed[key] = _parser(settings).get_date_data(phrase)
        data = self.parsed[key]
        if data.date_obj is None or data.period not in (DAY, MONTH, YEAR):
            return None
        day = data.date_obj.date()
        parts = {DAY: (day.year, day.month, day.day), MONTH: (day.year, day.month), YEAR: (day.year,)}[data.period]
        return StatedDate(FuzzyDate.of(*parts), inferred=inferred)

    def _year(self, stated="this year"):
        words = stated.lower().split()
        if words[-1].isdigit():
            return int(words[-1])
        return self._reference(YEAR).year + {"next": 1, "last": -1}.get(words[0], 0)

    def _reference(self, needs):
        """The reference day, if the reference is known to the precision `needs` (day, month or year)."""
        rank = {DAY: 0, MONTH: 1}
        if not self.reference.is_known or rank.get(self.reference.precision, 2) > rank.get(needs, 2):
            raise ValueError("no reference date precise enough to read a relative date against")
        return self.reference.start


def _needs_its_lead(match):
    """Whether the phrase is a date only after a word such as "on" or "in": "Tuesday", "May", "2019"."""
    return bool(match["weekday"] or match["year"] or match["month"] and not match["month_year"])


def _absolute(match):
    """The FuzzyDate of a phrase that states its year in full, or unknown."""
    date = _absolute_date(match.groupdict())
    return date or FuzzyDate.unknown()


def _absolute_date(groups):
    if groups["iso"]:
        return FuzzyDate.parse(groups["iso"])
    if groups["day_year"] or groups["day2_year"]:
        day = _day(groups["day"] or groups["day2"])
        month = _month(groups["day_month"] or groups["month_day"])
        return FuzzyDate.of(int(groups["day_year"] or groups["day2_year"]), month, day)
    if groups["month_year"]:
        return FuzzyDate.of(int(groups["month_year"]), _month(groups["month"]))
    if groups["year"]:
        return FuzzyDate.of(int(groups["year"]))
    return None


def _day(number):
    return int(number.lower().rstrip("stndrh"))  # "3rd" is 3


def _month(name):
    return FuzzyDate.parse(f"{name.rstrip('.')} 2000").start.month


def _years_later(period, years):
    if period.precision == MONTH:
        return FuzzyDate.of(period.start.year + years, period.start.month)
    return FuzzyDate.of(period.start.year + years, part=period.precision)


_parsers = {}


def _parser(settings):
    """A DateDataParser for these settings; building one costs more than a parse."""
    key = (settings["RELATIVE_BASE"], settings["PREFER_DATES_FROM"])
    if key not in _parsers:
        if len(_parsers) > 100:
            _parsers.clear()
        _parsers[key] = DateDataParser(languages=["en"], settings=settings)
    return _parsers[key]
