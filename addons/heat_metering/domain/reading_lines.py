# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Turn the lines of a readings file into typed rows or line-level reasons.

Plain values in and out: the import engine gives the profile's settings, the meters
that the file's keys designate and the translated messages, and gets back, per line,
either the values of a reading or the reason of its rejection. Run in Python, beside
the database, this keeps PostgreSQL's single core for the rows themselves (ADR 0033).
"""

import csv
import re
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .csv_format import date_pattern

SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space
WH = Decimal("0.001")
VALUE_COLUMNS = ("volume", "flow", "return", "power")
NO_VALUES = (None, None, None, None)
# The largest index a heat meter shows: an 8-digit register (EN 1434 displays, the
# 8 BCD digits of M-Bus) in the largest unit of the profiles, MWh: 99,999,999 MWh,
# that is about 10^11 kWh. Any index above, whatever the file's unit, is a wrong value.
MAX_KWH = Decimal(10) ** 11
# the other values: the volume register (8 digits in m3 x 10), the temperatures of
# hot-water networks with room to spare, the power of the largest wood boilers x 10
VALUE_BOUNDS = {
    "volume": (0.0, 1e9),
    "flow": (-50.0, 250.0),
    "return": (-50.0, 250.0),
    "power": (-1e6, 1e6),
}
MIN_YEAR = 1970
MAX_KEY = 64  # longer "meter keys" are not looked up: no serial number is that long
SHOWN = 60  # characters of a value quoted in a reason
DIGITS_AND_SEPARATORS = re.compile(rf"-?[0-9][0-9.,{SPACES}]*[0-9]")
CONTROLS = {code: f"\\x{code:02x}" for code in range(32)}

MESSAGES = {
    "columns": "%(count)s column(s) instead of at least %(needed)s: wrong separator?",
    "no_meter": "no meter on the line",
    "unknown_meter": 'unknown meter "%(meter)s"',
    "nul": '"%(value)s" contains a NUL character: binary data, not text',
    "date_format": 'date "%(date)s" does not match the format %(format)s',
    "no_date": 'date "%(date)s" does not exist',
    "old_date": 'date "%(date)s" is before %(year)s',
    "dst_gap": 'date "%(date)s" does not exist in the time zone %(tz)s: the clocks '
    "go forward at this hour",
    "not_number": '%(what)s "%(value)s" is not a number',
    "decimal": '%(what)s "%(value)s": the decimal separator of the profile is '
    '"%(decimal)s"',
    "grouping": '%(what)s "%(value)s": digits grouped wrongly (a thousands separator '
    "stands between groups of three digits)",
    "range": '%(what)s "%(value)s" is out of range (%(low)s to %(high)s)',
    "negative": "negative energy index",
    "future": "date %(date)s is in the future",
    "not_installed": 'meter "%(meter)s" is not installed on %(date)s (before its '
    "installation or after its removal)",
    "unreadable": 'line "%(value)s" cannot be read',
    "energy": "energy",
    "volume": "volume",
    "flow": "flow temperature",
    "return": "return temperature",
    "power": "power",
}


def show(value):
    """``value`` as quoted in a reason: control characters visible, at most SHOWN
    characters."""
    value = value.translate(CONTROLS)
    return value if len(value) <= SHOWN else value[:SHOWN] + "\u2026"


class Meter(NamedTuple):
    """A meter as the parser needs it: ``installations`` are ``(start, end,
    substation_id)`` with local dates (``end`` may be None), latest first."""

    id: int
    company_id: int
    is_plant: bool
    factor: Decimal
    installations: tuple


class Reading(NamedTuple):
    meter_key: str
    meter_id: int
    substation_id: int | None
    company_id: int
    timestamp: datetime
    energy_kwh: Decimal
    values: tuple  # volume, flow, return, power as numeric text or None


def local_to_utc(local, zone):
    """``(first, second)``: the UTC (naive) of a naive local time, and of its second
    occurrence when the clocks go back (None otherwise). Raise ``ValueError`` when
    the local time does not exist (the clocks go forward over it), ``OverflowError``
    when its UTC is out of the calendar."""
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first.astimezone(UTC).replace(tzinfo=None), None
    # a gap or a repeated hour: only a repeated one comes back to the same local time
    early = first.astimezone(UTC)
    if early.astimezone(zone).replace(tzinfo=None) != local:
        raise ValueError("nonexistent local time")
    late = second.astimezone(UTC)
    return early.replace(tzinfo=None), late.replace(tzinfo=None)


def number_patterns(decimal):
    """``(plain, grouped, wrong_decimal)`` regular expressions of the numbers of a
    profile whose decimal separator is ``decimal``."""
    other = re.escape("." if decimal == "," else ",")
    dec = re.escape(decimal)
    fraction = rf"(?:{dec}[0-9]+)?"
    grouped = (
        # spaces between groups of three digits, the same space throughout
        rf"-?[0-9]{{1,3}}([{SPACES}])[0-9]{{3}}(?:\1[0-9]{{3}})*{fraction}"
        # the other punctuation mark: only where it cannot be a decimal separator,
        # two groups at least or a decimal part (1.234,5); 1.234 alone is refused
        rf"|-?[0-9]{{1,3}}(?:{other}[0-9]{{3}}){{2,}}{fraction}"
        rf"|-?[0-9]{{1,3}}{other}[0-9]{{3}}{dec}[0-9]+"
    )
    return (
        re.compile(rf"-?[0-9]+{fraction}"),
        re.compile(grouped),
        re.compile(rf"-?[0-9]+{other}[0-9]+"),
    )


class LineParser:
    """Parse the lines of one file; ``meters`` maps a key of the file to a
    :class:`Meter` (or is filled by the caller before each chunk, see ``keys``).

    One parser reads one file, in the file's order: a local time that happens twice
    (the clocks go back) is, for a meter, the first instant on its first line and the
    second instant on the next ones."""

    def __init__(
        self, *, delimiter, decimal, date_format, tz, columns, now, unit, mbus=False
    ):
        self.delimiter = delimiter
        self.decimal = decimal
        self.comma = decimal == ","
        self.plain, self.grouped, self.wrong_decimal = number_patterns(decimal)
        self.spaces = str.maketrans("", "", SPACES + ("." if self.comma else ","))
        self.date_format = date_format
        self.regex, self.parts = date_pattern(date_format)
        self.regex = re.compile(self.regex)
        self.tz = tz
        self.zone = ZoneInfo(tz)
        self.columns = {name: (index or 0) - 1 for name, index in columns.items()}
        self.needed = max(columns["meter"], columns["ts"], columns["energy"])
        self.value_columns = [
            (position, name, self.columns[name])
            for position, name in enumerate(VALUE_COLUMNS)
            if self.columns[name] >= 0
        ]
        self.now = now
        self.factor = unit  # a Decimal, or None: the meter's own unit
        self.match_mbus = mbus  # keys are serial numbers, or also M-Bus addresses
        self.meters = {}
        self.dates = {}
        self.repeated = set()  # (meter id, local time) of repeated hours already met
        self.messages = dict(MESSAGES)

    def keys(self, lines):
        """The meter keys of ``lines`` not yet known to the parser (a key that no
        meter can have, with a NUL or too long, is not looked up)."""
        index, delimiter = self.columns["meter"], self.delimiter
        found = set()
        for _number, line in lines:
            if '"' in line:
                cells = self._quoted(line)
            else:
                cells = line.split(delimiter, index + 1)
            if index < len(cells):
                key = cells[index].strip(' "')
                if len(key) <= MAX_KEY and "\x00" not in key:
                    found.add(key)
        return found.difference(self.meters)

    def _quoted(self, line):
        """The cells of a line with quotes, where a quoted cell may hold the
        separator ("1,5" in a file separated by commas); the rare, slower path."""
        try:
            return next(csv.reader([line], delimiter=self.delimiter))
        except (csv.Error, StopIteration):
            return line.split(self.delimiter)

    def _number(self, text):
        """``text`` as a plain number (point as decimal separator), or None."""
        if self.plain.fullmatch(text):
            return text.replace(",", ".") if self.comma else text
        if not self.grouped.fullmatch(text):
            return None
        text = text.translate(self.spaces)
        return text.replace(",", ".") if self.comma else text

    def _not_number(self, what, text):
        """The reason why ``text`` (a ``what``) is not a number of the profile."""
        messages = self.messages
        if self.wrong_decimal.fullmatch(text):
            key = "decimal"
        elif DIGITS_AND_SEPARATORS.fullmatch(text):
            key = "grouping"
        else:
            key = "not_number"
        return messages[key] % {
            "what": messages[what],
            "value": show(text),
            "decimal": self.decimal,
        }

    def _date(self, text):
        """``(utc, local day)`` of a date text, ``(utc, local day, second utc)`` for
        a local time that happens twice, or the key of its error message."""
        found = self.regex.match(text)
        if not found:
            return "date_format"
        parts = {name: found.group(group) for name, group in self.parts.items()}
        second = Decimal(parts.get("second") or 0)
        try:
            local = datetime(
                int(parts["year"]),
                int(parts["month"]),
                int(parts["day"]),
                int(parts.get("hour") or 0),
                int(parts.get("minute") or 0),
                int(second),
                int((second % 1) * 1000000),
            )
        except ValueError:
            return "no_date"
        if local.year < MIN_YEAR:
            return "old_date"
        try:
            utc, later = local_to_utc(local, self.zone)
        except OverflowError:
            return "no_date"
        except ValueError:
            return "dst_gap"
        if utc > self.now:
            return "future"
        day = local.date()
        return (utc, day) if later is None else (utc, day, later)

    def _reason(self, key, date_text):
        return self.messages[key] % {
            "date": show(date_text),
            "format": self.date_format,
            "year": MIN_YEAR,
            "tz": self.tz,
        }

    def _values(self, cells, count):
        """The volume, temperatures and power of a line as numeric texts (None
        where absent), or the reason why one of them is refused."""
        values = [None] * 4
        for position, name, index in self.value_columns:
            text = cells[index].strip(' "') if index < count else ""
            if text:
                value = values[position] = self._number(text)
                if value is None:
                    return self._not_number(name, text)
                low, high = VALUE_BOUNDS[name]
                if not low <= float(value) <= high:
                    return self.messages["range"] % {
                        "what": self.messages[name],
                        "value": show(text),
                        "low": low,
                        "high": high,
                    }
        return tuple(values)

    def _repeated(self, meter, date_text, stamp):
        """``(utc, day)`` of a local time that happens twice: the first instant on
        the meter's first line at that time, the second one on the next lines."""
        utc, day, later = stamp
        seen = (meter.id, date_text)
        if seen in self.repeated:
            return later, day
        self.repeated.add(seen)
        return utc, day

    def parse(self, line):
        """A :class:`Reading`, or the reason why ``line`` is rejected; None for a
        blank line."""
        messages, columns = self.messages, self.columns
        cells = self._quoted(line) if '"' in line else line.split(self.delimiter)
        count = len(cells)
        if count < self.needed:
            if not line.strip(" "):
                return None
            return messages["columns"] % {"count": count, "needed": self.needed}
        key = cells[columns["meter"]].strip(' "')
        if not key:
            return None if not line.strip(" ") else messages["no_meter"]
        meter = self.meters.get(key)
        if meter is None:
            if "\x00" in key:
                return messages["nul"] % {"value": show(key)}
            return messages["unknown_meter"] % {"meter": show(key)}
        date_text = cells[columns["ts"]].strip(' "')
        stamp = self.dates.get(date_text)
        if stamp is None:
            stamp = self.dates[date_text] = self._date(date_text)
        if stamp.__class__ is str and stamp != "future":
            return self._reason(stamp, date_text)
        energy_text = cells[columns["energy"]].strip(' "')
        energy = self._number(energy_text)
        if energy is None:
            return self._not_number("energy", energy_text)
        values = self._values(cells, count) if self.value_columns else NO_VALUES
        if values.__class__ is str:
            return values
        energy = Decimal(energy)
        if energy < 0:
            return messages["negative"]
        if stamp == "future":
            return messages["future"] % {"date": show(date_text)}
        factor = self.factor if self.factor is not None else meter.factor
        # an exponent check first: no product of a 30-digit text in the context
        energy = energy * factor if energy.adjusted() < 16 else MAX_KWH + 1
        if energy > MAX_KWH:
            return messages["range"] % {
                "what": messages["energy"],
                "value": show(energy_text),
                "low": 0,
                "high": f"{MAX_KWH:,.0f} kWh",
            }
        utc, day = stamp if len(stamp) == 2 else self._repeated(meter, date_text, stamp)
        substation = next(
            (
                sub
                for start, end, sub in meter.installations
                if start <= day and (end is None or end >= day)
            ),
            None,
        )
        if substation is None and not meter.is_plant:
            return messages["not_installed"] % {"meter": key, "date": date_text}
        return Reading(
            key,
            meter.id,
            substation,
            meter.company_id,
            utc,
            energy.quantize(WH, rounding=ROUND_HALF_UP),
            values,
        )
