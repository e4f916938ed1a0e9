"""Dates as precise as the source that states them.

Press releases say "18 October 2017", "last month", "late 2016" or nothing at
all. A FuzzyDate keeps what is known: the first day of the period, how wide the
period is (its precision) and whether the source hedged ("about 2017"). It
sorts by the earliest day it can be, displays the way a person would say it,
and exports as ISO 8601 and EDTF strings without padded "-00" parts.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

DAY = "day"
MONTH = "month"
YEAR = "year"
UNKNOWN = "unknown"

# Parts of a year: (label, first month, number of months, EDTF sub-year code).
# EDTF level 1 gives the seasons (21-24); level 2 gives quarters (33-36),
# quadrimesters (37-39) and semestrals (40-41). "Early/mid/late" are taken as
# the three quadrimesters, the closest EDTF grouping to how people use them.
YEAR_PARTS = {
    "early": ("early", 1, 4, 37),
    "mid": ("mid", 5, 4, 38),
    "late": ("late", 9, 4, 39),
    "spring": ("spring", 3, 3, 21),
    "summer": ("summer", 6, 3, 22),
    "autumn": ("autumn", 9, 3, 23),
    "winter": ("winter", 12, 3, 24),
    "q1": ("Q1", 1, 3, 33),
    "q2": ("Q2", 4, 3, 34),
    "q3": ("Q3", 7, 3, 35),
    "q4": ("Q4", 10, 3, 36),
    "h1": ("first half of", 1, 6, 40),
    "h2": ("second half of", 7, 6, 41),
}

PRECISION_CHOICES = [
    (DAY, "day"),
    (MONTH, "month"),
    *((key, f"part of year: {label}") for key, (label, *_rest) in YEAR_PARTS.items()),
    (YEAR, "year"),
    (UNKNOWN, "unknown"),
]

_PART_BY_EDTF_CODE = {code: key for key, (_label, _m, _n, code) in YEAR_PARTS.items()}
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_PART_WORDS = {
    "early": "early",
    "mid": "mid",
    "middle of": "mid",
    "late": "late",
    "end of": "late",
    "spring": "spring",
    "summer": "summer",
    "autumn": "autumn",
    "fall": "autumn",
    "winter": "winter",
    "q1": "q1",
    "q2": "q2",
    "q3": "q3",
    "q4": "q4",
    "h1": "h1",
    "h2": "h2",
    "first half of": "h1",
    "second half of": "h2",
}
_APPROXIMATE_PREFIX = re.compile(r"^(?:c\.|ca\.|circa|about|around|approximately|approx\.)\s*", re.I)
_RELATIVE = re.compile(r"^(last|this|next)\s+(month|year)$", re.I)


@dataclass(frozen=True, order=False)
class FuzzyDate:
    """A date known to a precision; `start` is the first day it can be (None if unknown)."""

    start: date | None = None
    precision: str = UNKNOWN
    approximate: bool = False

    def __post_init__(self):
        if self.precision not in dict(PRECISION_CHOICES):
            raise ValueError(f"Unknown date precision {self.precision!r}.")
        if (self.start is None) != (self.precision == UNKNOWN):
            raise ValueError("A date has a start day exactly when its precision is known.")
        if self.start is not None and self.start != _period_start(self.start, self.precision):
            raise ValueError(f"{self.start} does not start a period of precision {self.precision!r}.")

    @classmethod
    def unknown(cls):
        return cls()

    @classmethod
    def of(cls, year, month=None, day=None, *, part=None, approximate=False):
        """FuzzyDate.of(2017, 9) is September 2017; FuzzyDate.of(2016, part="late") is late 2016."""
        if part is not None:
            if month is not None or day is not None:
                raise ValueError("A part of a year takes no month or day.")
            if part not in YEAR_PARTS:
                raise ValueError(f"Unknown part of a year {part!r}.")
            return cls(date(year, YEAR_PARTS[part][1], 1), part, approximate)
        if day is not None:
            return cls(date(year, month, day), DAY, approximate)
        if month is not None:
            return cls(date(year, month, 1), MONTH, approximate)
        return cls(date(year, 1, 1), YEAR, approximate)

    @property
    def is_known(self):
        return self.start is not None

    @property
    def end(self):
        """The last day the date can be."""
        if self.start is None:
            return None
        if self.precision == DAY:
            return self.start
        months = {MONTH: 1, YEAR: 12}.get(self.precision) or YEAR_PARTS[self.precision][2]
        last = _add_months(self.start, months - 1)
        return last.replace(day=calendar.monthrange(last.year, last.month)[1])

    def sort_key(self):
        """Earliest possible day first, then the narrower period; unknown dates last."""
        if self.start is None:
            return (date.max, date.max)
        return (self.start, self.end)

    def __str__(self):
        if self.start is None:
            return "date unknown"
        year = self.start.year
        if self.precision == DAY:
            text = f"{self.start.day} {calendar.month_name[self.start.month]} {year}"
        elif self.precision == MONTH:
            text = f"{calendar.month_name[self.start.month]} {year}"
        elif self.precision == YEAR:
            text = str(year)
        else:
            text = f"{YEAR_PARTS[self.precision][0]} {year}"
        return f"c. {text}" if self.approximate else text

    def iso(self):
        """ISO 8601: a calendar date at its precision, or an interval for a part of a year."""
        if self.start is None:
            return None
        if self.precision == DAY:
            return self.start.isoformat()
        if self.precision == MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.precision == YEAR:
            return f"{self.start.year:04d}"
        end = self.end
        return f"{self.start.year:04d}-{self.start.month:02d}/{end.year:04d}-{end.month:02d}"

    def edtf(self):
        """Extended Date/Time Format; "~" marks an approximate date."""
        if self.start is None:
            return None
        if self.precision in YEAR_PARTS:
            text = f"{self.start.year:04d}-{YEAR_PARTS[self.precision][3]}"
        else:
            text = self.iso()
        return f"{text}~" if self.approximate else text

    def shift_months(self, months):
        """The same kind of period `months` later (negative: earlier)."""
        if self.start is None:
            return self
        if self.precision == DAY:
            raise ValueError("Shift a day-precise date by days, not months.")
        shifted = _add_months(self.start, months)
        return FuzzyDate(_period_start(shifted, self.precision), self.precision, self.approximate)

    def relative(self, phrase):
        """Resolve "last month", "this year", "next month" against this date.

        The answer is as precise as the phrase: "last month" in an article of
        18 October 2017 is September 2017 at month precision.
        """
        match = _RELATIVE.match(phrase.strip())
        if not match:
            raise ValueError(f"Cannot resolve {phrase!r}; use last/this/next month or year.")
        if self.start is None:
            return FuzzyDate.unknown()
        offset = {"last": -1, "this": 0, "next": 1}[match[1].lower()]
        unit = match[2].lower()
        if unit == "month":
            if self.precision not in (DAY, MONTH):
                raise ValueError(f"{phrase!r} needs a reference date known to the month.")
            return FuzzyDate.of(self.start.year, self.start.month, approximate=self.approximate).shift_months(offset)
        return FuzzyDate.of(self.start.year + offset, approximate=self.approximate)

    @classmethod
    def parse(cls, text):
        """Read a date the way an editor writes it.

        Accepts ISO ("2017-10-18", "2017-09", "2016", "2016-09/2016-12"), EDTF sub-year codes
        ("2016-39"), words ("18 October 2017", "September 2017", "late 2016",
        "Q3 2016", "mid-2016"), approximation ("c. 2017", "about 2017",
        "2017?", "2017~") and "unknown" or an empty string.
        """
        original = text
        text = " ".join(str(text).split())
        if text.lower() in {"", "unknown", "date unknown", "not stated"}:
            return cls.unknown()
        approximate = False
        if text.endswith(("?", "~")):
            approximate, text = True, text[:-1].rstrip()
        stripped = _APPROXIMATE_PREFIX.sub("", text)
        if stripped != text:
            approximate, text = True, stripped
        try:
            return _parse_exact(text, approximate)
        except ValueError as error:
            raise ValueError(f"Cannot read {original!r} as a date: {error}") from None


def _parse_exact(text, approximate):
    lowered = text.lower()
    if match := re.fullmatch(r"(\d{4})-\d{2}/\d{4}-\d{2}", text):  # a part of a year as `iso()` writes it
        for part in YEAR_PARTS:
            if (date := FuzzyDate.of(int(match[1]), part=part, approximate=approximate)).iso() == text:
                return date
        raise ValueError(f"{text} is not a part of a year (early, spring, the first half…)")
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        year, month, day = map(int, match.groups())
        return FuzzyDate.of(year, month, day, approximate=approximate)
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, code = map(int, match.groups())
        if 1 <= code <= 12:
            return FuzzyDate.of(year, code, approximate=approximate)
        if code in _PART_BY_EDTF_CODE:
            return FuzzyDate.of(year, part=_PART_BY_EDTF_CODE[code], approximate=approximate)
        raise ValueError(f"{code} is neither a month nor an EDTF part of a year")
    if re.fullmatch(r"\d{4}", text):
        return FuzzyDate.of(int(text), approximate=approximate)
    if match := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})", lowered):
        day, month_name, year = match.groups()
        return FuzzyDate.of(int(year), _month_number(month_name), int(day), approximate=approximate)
    if match := re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", lowered):
        month_name, day, year = match.groups()
        return FuzzyDate.of(int(year), _month_number(month_name), int(day), approximate=approximate)
    if match := re.fullmatch(r"([a-z][a-z0-9 ]*?)[\s-]+(\d{4})", lowered):
        words, year = match[1].strip(), int(match[2])
        if words in _MONTHS:
            return FuzzyDate.of(year, _MONTHS[words], approximate=approximate)
        if words in _PART_WORDS:
            return FuzzyDate.of(year, part=_PART_WORDS[words], approximate=approximate)
        raise ValueError(f"{words!r} is not a month or a part of a year")
    raise ValueError("write it like 2017-10-18, September 2017, late 2016, 2017 or c. 2017")


def _month_number(name):
    try:
        return _MONTHS[name]
    except KeyError:
        raise ValueError(f"{name!r} is not a month") from None


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _period_start(day, precision):
    if precision == DAY:
        return day
    if precision == MONTH:
        return day.replace(day=1)
    if precision == YEAR:
        return date(day.year, 1, 1)
    if precision in YEAR_PARTS:
        return date(day.year, YEAR_PARTS[precision][1], 1)
    return None


class FuzzyDateAttribute:
    """A FuzzyDate read from and written to three plain model fields.

    `signed = FuzzyDateAttribute()` on a model with fields `signed_start`,
    `signed_precision` and `signed_approximate` gives `obj.signed`, a FuzzyDate.
    The fields stay ordinary columns, so the database can sort and filter on
    `signed_start` and fixtures stay readable.
    """

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return FuzzyDate(
            getattr(instance, f"{self.name}_start"),
            getattr(instance, f"{self.name}_precision"),
            getattr(instance, f"{self.name}_approximate"),
        )

    def __set__(self, instance, value):
        if isinstance(value, str):
            value = FuzzyDate.parse(value)
        setattr(instance, f"{self.name}_start", value.start)
        setattr(instance, f"{self.name}_precision", value.precision)
        setattr(instance, f"{self.name}_approximate", value.approximate)
