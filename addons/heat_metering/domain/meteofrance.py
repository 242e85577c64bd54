# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read Météo-France daily climatology files.

Two formats carry the daily minimum (TN) and maximum (TX) temperatures of a station:

* the daily API order files (``POSTE;DATE;RR;...;TN;...;TX;...``, decimal comma,
  ``DATE`` as ``AAAAMMJJ``);
* the bulk daily files ``Q_<dept>_..._RR-T-Vent.csv(.gz)`` from meteo.data.gouv.fr
  (``NUM_POSTE;NOM_USUEL;LAT;LON;ALTI;AAAAMMJJ;RR;QRR;TN;QTN;...``, decimal point,
  a quality code column after each value).
"""

import csv
import gzip
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation


class WeatherFileError(ValueError):
    """A weather file that cannot be read at all."""


@dataclass
class DailyTemperature:
    station: str
    day: date
    tn: Decimal
    tx: Decimal
    line: int
    station_name: str = ""


@dataclass
class WeatherParseResult:
    days: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, message)
    file_format: str = ""


def _text(data):
    if isinstance(data, bytes):
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    return data


def _number(text):
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    return Decimal(text)


def _day(text):
    text = text.strip()
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"date {text!r} is not AAAAMMJJ")
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def parse_daily(data):
    """Parse either format; return a :class:`WeatherParseResult`.

    Days without TN or TX are reported as line errors (the DJU of a day needs both).
    """
    text = _text(data)
    if not text or not text.strip():
        raise WeatherFileError("the weather file is empty")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = [h.strip().upper() for h in next(reader)]
    if "TN" not in header or "TX" not in header:
        raise WeatherFileError(
            "not a Météo-France daily file: no TN and TX columns in the header "
            "(expected ';' as separator)"
        )
    if "POSTE" in header and "DATE" in header:
        fmt, station_col, date_col = "api", "POSTE", "DATE"
    elif "NUM_POSTE" in header and "AAAAMMJJ" in header:
        fmt, station_col, date_col = "bulk", "NUM_POSTE", "AAAAMMJJ"
    else:
        raise WeatherFileError(
            "not a Météo-France daily file: no POSTE/DATE nor NUM_POSTE/AAAAMMJJ column"
        )
    index = {name: pos for pos, name in enumerate(header)}
    name_col = index.get("NOM_USUEL")
    result = WeatherParseResult(file_format=fmt)
    for line_no, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            result.errors.append(
                (line_no, f"{len(row)} columns instead of {len(header)}")
            )
            continue
        try:
            day = _day(row[index[date_col]])
            tn = _number(row[index["TN"]])
            tx = _number(row[index["TX"]])
        except (ValueError, InvalidOperation) as exc:
            result.errors.append((line_no, f"unreadable value: {exc}"))
            continue
        if tn is None or tx is None:
            result.errors.append((line_no, "TN or TX missing"))
            continue
        if tn > tx:
            result.errors.append((line_no, f"TN {tn} is above TX {tx}"))
            continue
        result.days.append(
            DailyTemperature(
                station=row[index[station_col]].strip(),
                day=day,
                tn=tn,
                tx=tx,
                line=line_no,
                station_name=row[name_col].strip() if name_col is not None else "",
            )
        )
    return result
