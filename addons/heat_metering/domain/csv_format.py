# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read the text of a readings file: its encoding and separator, recognised
whatever the profile says, and the profile's date format as a regular expression
with the position of each part, read by the line parser (``reading_lines``)."""

import codecs
import re

PARTS = {
    "%d": ("day", r"(\d{1,2})"),
    "%m": ("month", r"(\d{1,2})"),
    "%Y": ("year", r"(\d{4})"),
    "%H": ("hour", r"(\d{1,2})"),
    "%M": ("minute", r"(\d{2})"),
    "%S": ("second", r"(\d{2}(?:\.\d+)?)"),
}
DELIMITERS = (";", "\t", ",")
SNIFFED_LINES = 5


class FormatError(ValueError):
    """An unsupported date format."""


def date_pattern(fmt):
    """Return ``(regex, positions)``: ``positions[part]`` is the 1-based group of each
    part (day, month, year, hour, minute, second) in ``regex``.

    >>> date_pattern("%d/%m/%Y %H:%M")[1]["year"]
    3
    """
    regex, positions, group, pos = "^", {}, 0, 0
    while pos < len(fmt):
        token = fmt[pos : pos + 2]
        if token in PARTS:
            name, part = PARTS[token]
            if name in positions:
                raise FormatError(f"{token} twice in the date format {fmt!r}")
            group += 1
            positions[name] = group
            regex += part
            pos += 2
        elif fmt[pos] == "%":
            raise FormatError(
                f"unsupported directive {token!r} in the date format {fmt!r} "
                "(use %d %m %Y %H %M %S)"
            )
        else:
            regex += re.escape(fmt[pos])
            pos += 1
    for required in ("day", "month", "year"):
        if required not in positions:
            raise FormatError(f"the date format {fmt!r} has no {required}")
    # an optional time after a date-only format, and optional seconds
    return regex + "$", positions


def decode(data):
    """``(text, encoding)`` of the bytes of a file: UTF-8 (with or without a byte
    order mark) when they are valid UTF-8, else Windows-1252 (a French Excel CSV);
    raise the ``UnicodeDecodeError`` of UTF-8 when they are neither.

    >>> decode("Relevé".encode("cp1252"))
    ('Relevé', 'cp1252')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        error = exc
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise error from None


def split_lines(text):
    """The lines of ``text``, ended by LF, CRLF or CR only (``str.splitlines`` also
    splits on form feeds and other separators, which would shift the numbers)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def sniff_delimiter(lines, default, needed=2):
    """The column separator of a file whose first lines are ``lines``: the first of
    ``default``, ``;``, tab and ``,`` that cuts each of the first non-blank lines
    into the same number of columns, at least ``needed``; else the first that cuts
    the first line into ``needed`` columns; else None.

    >>> sniff_delimiter(["compteur,date,index", "M1,01/01/2024,1"], ";")
    ','
    """
    sample = [line for line in lines if line.strip()][:SNIFFED_LINES]
    if not sample:
        return default
    needed = max(needed - 1, 1)  # separators on a line
    candidates = (default, *(d for d in DELIMITERS if d != default))
    for delimiter in candidates:
        counts = {line.count(delimiter) for line in sample}
        if len(counts) == 1 and min(counts) >= needed:
            return delimiter
    return next((d for d in candidates if sample[0].count(d) >= needed), None)
