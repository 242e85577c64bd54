# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Turn an import profile's date format into a regular expression with the position
of each part, read by the line parser of the bulk import (``reading_lines``)."""

import re

PARTS = {
    "%d": ("day", r"(\d{1,2})"),
    "%m": ("month", r"(\d{1,2})"),
    "%Y": ("year", r"(\d{4})"),
    "%H": ("hour", r"(\d{1,2})"),
    "%M": ("minute", r"(\d{2})"),
    "%S": ("second", r"(\d{2}(?:\.\d+)?)"),
}
NUMBER = r"^-?[0-9]+([.][0-9]+)?$"


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
