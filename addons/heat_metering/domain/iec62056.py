# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Optical readouts of heat meters (IEC 62056-21, mode C data readout).

An optical head held on a Landis+Gyr Ultraheat (T230, T330, T550: identification
``/LUGCUH50``) reads the meter's data message and saves it to a file; several
readouts may follow each other in one file. One readout is::

    /LUGCUH50<CR><LF>                      identification: / XXX Z ident
    <STX>6.8(0012.345*MWh)6.26(00123.45*m3)9.21(66123456)<CR><LF>
    ...
    !<CR><LF><ETX><BCC>                    end of the data block, block check

The BCC is the exclusive or of every byte after STX up to and including ETX. Data
lines hold ``address(value*unit)`` items; an address with a ``*NN`` suffix is a
stored (due date) value, ignored here. The Ultraheat registers read are 6.8 (heat
energy in MWh, GJ or kWh), 6.26 (volume in m3), 9.21 (meter number) and, when the
head adds them, 0.9.1 (time) and 0.9.2 (date) of the meter's clock.

The module is pure: :func:`readouts` yields a :class:`Readout` or an
:class:`Iec62056Error` per readout of a file, with the line where it starts.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

STX, ETX = 0x02, 0x03


def _lt(text):
    """Mark a reason for translation (see ``mbus._lt``)."""
    return text


class Iec62056Error(ValueError):
    """A readout that cannot be read; ``template`` and ``params`` as in MbusError."""

    def __init__(self, template, **params):
        self.template, self.params = template, params
        super().__init__(template % params if params else template)


ENERGY_UNITS = {
    "kWh": Decimal(1),
    "MWh": Decimal(1000),
    "GJ": Decimal(1000000) / Decimal(3600),
}
VOLUME_UNITS = {"m3": Decimal(1)}
ITEM = re.compile(r"([^()\s]+)\(([^()]*)\)")
NUMBER = re.compile(r"[+-]?\d{1,12}(\.\d{1,6})?")


@dataclass
class Readout:
    line: int  # line of the file where the readout starts
    manufacturer: str
    identification: str
    meter_id: str
    energy_kwh: Decimal
    volume_m3: Decimal | None = None
    timestamp: datetime | None = None
    registers: dict = field(default_factory=dict)


def bcc(data):
    """Block check character: exclusive or of ``data``'s bytes."""
    check = 0
    for byte in data:
        check ^= byte
    return check


def _next_start(data, pos):
    """Where the next identification line starts: at ``pos`` (blanks skipped: a
    readout may follow the previous BCC) or at the start of a later line."""
    while pos < len(data) and data[pos] in b" \t\r\n":
        pos += 1
    if data[pos : pos + 1] == b"/":
        return pos
    found = data.find(b"\n/", pos)
    return found + 1 if found >= 0 else -1


def readouts(data):
    """Yield ``(line, Readout or Iec62056Error)`` for each readout of ``data``."""
    pos = 0
    while True:
        start = _next_start(data, pos)
        if start < 0:
            rest = data[pos:].strip()
            if rest and pos == 0:
                yield (
                    1,
                    Iec62056Error(
                        _lt("no identification line (/XXXZ...): not an optical readout")
                    ),
                )
            return
        line = data.count(b"\n", 0, start) + 1
        stx = data.find(bytes([STX]), start)
        if stx < 0:
            yield (
                line,
                Iec62056Error(
                    _lt("readout without start of text (STX) after its identification")
                ),
            )
            return
        etx = data.find(bytes([ETX]), stx)
        if etx < 0:
            yield (
                line,
                Iec62056Error(
                    _lt("readout without end of text (ETX): truncated file?")
                ),
            )
            return
        if etx + 1 >= len(data):
            yield line, Iec62056Error(_lt("readout without its block check (BCC)"))
            return
        try:
            readout = parse(data[start:stx], data[stx + 1 : etx + 1], data[etx + 1])
        except Iec62056Error as exc:
            yield line, exc
        else:
            readout.line = line
            yield line, readout
        pos = etx + 2


def _identification(raw):
    text = raw.decode("ascii", "replace").strip()
    if not re.fullmatch(r"/[A-Za-z]{3}[0-9A-Z]\S{1,16}", text):
        raise Iec62056Error(
            _lt(
                'identification line "%(text)s" is not /XXXZ followed by the meter type'
            ),
            text=text[:40],
        )
    return text[1:4].upper(), text[5:]


def _number(address, text):
    if not NUMBER.fullmatch(text):
        raise Iec62056Error(
            _lt('register %(address)s: "%(value)s" is not a number'),
            address=address,
            value=text[:40],
        )
    return Decimal(text)


def _quantity(registers, address, units, unknown_unit):
    """The value of a register in the unit of ``units``' factors, or None."""
    text = registers.get(address)
    if text is None or text == "":
        return None
    value, _sep, unit = text.partition("*")
    if unit not in units:
        raise Iec62056Error(
            unknown_unit, address=address, unit=unit, known=", ".join(units)
        )
    return _number(address, value) * units[unit]


def _clock(registers):
    """The meter's date and time (0.9.2 and 0.9.1), or None without a date."""
    day = registers.get("0.9.2")
    if not day:
        return None
    time = registers.get("0.9.1") or "00:00:00"
    digits_day, digits_time = re.sub(r"\D", "", day), re.sub(r"\D", "", time)
    try:
        if len(digits_day) == 6:
            stamp = datetime.strptime(digits_day + digits_time, "%y%m%d%H%M%S")
        else:
            stamp = datetime.strptime(digits_day + digits_time, "%Y%m%d%H%M%S")
    except ValueError as exc:
        raise Iec62056Error(
            _lt('invalid date "%(date)s %(time)s" (0.9.2 and 0.9.1)'),
            date=day[:20],
            time=time[:20],
        ) from exc
    return stamp


def parse(identification, block, check):
    """Parse one readout: its identification line, its data block (after STX, up to
    and including ETX) and its BCC byte; return a :class:`Readout`."""
    manufacturer, ident = _identification(identification)
    computed = bcc(block)
    if computed != check:
        raise Iec62056Error(
            _lt("wrong BCC: the readout says %(said)s, its bytes give %(computed)s"),
            said=f"{check:02X}",
            computed=f"{computed:02X}",
        )
    text = block[:-1].decode("ascii", "replace")
    lines = text.split("\r\n") if "\r\n" in text else text.splitlines()
    lines = [line.strip() for line in lines if line.strip()]
    if not lines or lines[-1] != "!":
        raise Iec62056Error(_lt('data block without its end line "!"'))
    registers = {}
    for number, line in enumerate(lines[:-1], 1):
        items = ITEM.findall(line)
        if "".join(f"{a}({v})" for a, v in items) != line:
            raise Iec62056Error(
                _lt('data line %(line)s is not address(value) items: "%(text)s"'),
                line=number,
                text=line[:60],
            )
        for address, value in items:
            registers.setdefault(address, value)
    energy = _quantity(
        registers,
        "6.8",
        ENERGY_UNITS,
        _lt(
            'register %(address)s: unknown energy unit "%(unit)s" (%(known)s expected)'
        ),
    )
    if energy is None:
        raise Iec62056Error(_lt("no heat energy register (6.8) in the readout"))
    meter = registers.get("9.21", "")
    if not re.fullmatch(r"[0-9A-Za-z]{1,16}", meter):
        raise Iec62056Error(_lt("no meter number (9.21) in the readout"))
    energy = energy.quantize(Decimal("0.001"))
    return Readout(
        line=0,
        manufacturer=manufacturer,
        identification=ident,
        meter_id=meter,
        energy_kwh=energy,
        volume_m3=_quantity(
            registers,
            "6.26",
            VOLUME_UNITS,
            _lt(
                'register %(address)s: unknown volume unit "%(unit)s" '
                "(%(known)s expected)"
            ),
        ),
        timestamp=_clock(registers),
        registers=registers,
    )
