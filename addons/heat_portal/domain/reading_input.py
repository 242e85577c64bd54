# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An index as a subscriber types it, on a computer or a phone."""

import re

# "12 345,6", "12345.6", "12 345": spaces of any kind between the thousands (a French
# keyboard or phone may type a no-break or a narrow no-break space), a comma or a
# point before at most three decimals
NUMBER = re.compile(r"^\d{1,12}(?:[.,]\d{1,3})?$")
SPACES = re.compile(r"[\s\u202f\u00a0]")


def parse_index(text):
    """The index in kWh, or ``None`` when ``text`` is not one."""
    text = SPACES.sub("", text or "")
    if not NUMBER.match(text):
        return None
    return float(text.replace(",", "."))
