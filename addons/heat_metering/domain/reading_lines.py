# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Turn the lines of a readings file into typed rows or line-level reasons.

Plain values in and out: the import engine gives the profile's settings, the meters
that the file's keys designate and the translated messages, and gets back, per line,
either the values of a reading or the reason of its rejection. Run in Python, beside
the database, this keeps PostgreSQL's single core for the rows themselves (ADR 0033).
"""

import re
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .csv_format import NUMBER as NUMBER_PATTERN
from .csv_format import date_pattern

THOUSANDS = {",": " .\u00a0\u202f", ".": " ,\u00a0\u202f"}
NUMBER = re.compile(NUMBER_PATTERN)
WH = Decimal("0.001")
VALUE_COLUMNS = ("volume", "flow", "return", "power")

MESSAGES = {
    "columns": "%(count)s column(s) instead of at least %(needed)s: wrong separator?",
    "no_meter": "no meter on the line",
    "unknown_meter": 'unknown meter "%(meter)s"',
    "date_format": 'date "%(date)s" does not match the format %(format)s',
    "no_date": 'date "%(date)s" does not exist',
    "not_number": '%(what)s "%(value)s" is not a number',
    "negative": "negative energy index",
    "future": "date %(date)s is in the future",
    "not_installed": 'meter "%(meter)s" is not installed on %(date)s (before its '
    "installation or after its removal)",
    "energy": "energy",
    "volume": "volume",
    "flow": "flow temperature",
    "return": "return temperature",
    "power": "power",
}


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
    """UTC of a naive local time; an ambiguous or missing local time (daylight saving
    change) takes the smaller offset, standard time, as PostgreSQL does."""
    first = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = local.replace(tzinfo=zone, fold=1).astimezone(UTC)
    return max(first, second).replace(tzinfo=None)


class LineParser:
    """Parse the lines of one file; ``meters`` maps a key of the file to a
    :class:`Meter` (or is filled by the caller before each chunk, see ``keys``)."""

    def __init__(
        self, *, delimiter, decimal, date_format, tz, columns, now, unit, mbus=False
    ):
        self.delimiter = delimiter
        self.thousands = str.maketrans("", "", THOUSANDS[decimal])
        self.comma = decimal == ","
        # a number with no thousands separator, the common case, checked at once
        self.plain = re.compile(r"-?[0-9]+(?:" + re.escape(decimal) + "[0-9]+)?")
        self.date_format = date_format
        self.regex, self.parts = date_pattern(date_format)
        self.regex = re.compile(self.regex)
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
        self.messages = dict(MESSAGES)

    def keys(self, lines):
        """The meter keys of ``lines`` not yet known to the parser."""
        index, delimiter = self.columns["meter"], self.delimiter
        found = set()
        for _number, line in lines:
            cells = line.split(delimiter, index + 1)
            if index < len(cells):
                found.add(cells[index].strip(' "'))
        return found.difference(self.meters)

    def _number(self, text):
        """``text`` as a plain number (point as decimal separator), or None."""
        if self.plain.fullmatch(text):
            return text.replace(",", ".") if self.comma else text
        text = text.translate(self.thousands)
        if self.comma:
            text = text.replace(",", ".")
        return text if NUMBER.fullmatch(text) else None

    def _date(self, text):
        """``(utc, local day)`` of a date text, or the key of its error message."""
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
        utc = local_to_utc(local, self.zone)
        if utc > self.now:
            return "future"
        return utc, utc.replace(tzinfo=UTC).astimezone(self.zone).date()

    def parse(self, line):
        """A :class:`Reading`, or the reason why ``line`` is rejected; None for a
        blank line."""
        messages, columns = self.messages, self.columns
        cells = line.split(self.delimiter)
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
            return messages["unknown_meter"] % {"meter": key}
        date_text = cells[columns["ts"]].strip(' "')
        stamp = self.dates.get(date_text)
        if stamp is None:
            stamp = self.dates[date_text] = self._date(date_text)
        if stamp.__class__ is str and stamp != "future":
            return messages[stamp] % {"date": date_text, "format": self.date_format}
        energy_text = cells[columns["energy"]].strip(' "')
        energy = self._number(energy_text)
        if energy is None:
            what = messages["energy"]
            return messages["not_number"] % {"what": what, "value": energy_text}
        values = [None] * 4
        for position, name, index in self.value_columns:
            text = cells[index].strip(' "') if index < count else ""
            if text:
                value = values[position] = self._number(text)
                if value is None:
                    what = messages[name]
                    return messages["not_number"] % {"what": what, "value": text}
        energy = Decimal(energy)
        if energy < 0:
            return messages["negative"]
        if stamp == "future":
            return messages["future"] % {"date": date_text}
        utc, day = stamp
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
        factor = self.factor if self.factor is not None else meter.factor
        return Reading(
            key,
            meter.id,
            substation,
            meter.company_id,
            utc,
            (energy * factor).quantize(WH, rounding=ROUND_HALF_UP),
            tuple(values),
        )
