# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One adapter in front of the M-Bus decoder.

Wired RSP_UD long frames (EN 13757-2, hexadecimal text) and wireless M-Bus telegrams
(EN 13757-4, format A with or without its block CRCs) are decoded by ``pymbusparser``
(the Python binding of the maintained ``m-bus-parser`` Rust crate). This module:

* checks the frame itself first, so a truncated frame, a wrong checksum or a wrong
  block CRC gives a precise error instead of a generic "invalid frame";
* turns the library's records into :class:`MbusRecord` with normalised quantities and
  units (energy in kWh, volume in m3, temperatures in °C, power in kW, dates);
* completes what the library leaves undecoded, with a small record reader limited to
  what heat meters send: records after one the library stops at (an invalid BCD value
  in an error-state record), the fixed data structure (CI 0x73/0x77), and cleartext
  payloads flagged with a reserved security mode or logged after decryption by a
  gateway (``2F2F`` verification bytes present);
* corrects what the library gets wrong (ADR 0039): 32-bit reals (data type H) are
  scaled by their VIF exponent and VIFE correction factor, which the library drops;
  dates are read again from their bytes, so that 31 February or hour 25 are a reason
  and two-digit years fall in the right century; an energy register accumulated
  forward only (VIFE 3B) is the current index of a meter that sends no plain one;
* refuses, with a reason, what it cannot read instead of returning an empty
  telegram: extended link layer payloads encrypted without a key (Kamstrup, CI 8D),
  manufacturer-specific application layers (CI A0 to B7: Techem's compact
  telegrams), application errors, frames without any data record.

Every failure is an :class:`MbusError` whose reason is an English template marked
with :func:`_lt` and its parameters, which the importer translates; a safety net in
:func:`decode` turns anything unforeseen into one too.

The rest of the addon only sees :func:`decode` and :class:`MbusTelegram`.
"""

import math
import struct
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

try:  # the library is an external dependency of the addon, declared in the manifest
    import pymbusparser
except ImportError:  # pragma: no cover - the unit tests run where it is installed
    pymbusparser = None


def _lt(text):
    """Mark a reason for translation: Odoo's extractor reads ``_lt("...")`` in every
    Python file of the addon, the importer translates :attr:`MbusError.template`."""
    return text


class MbusError(ValueError):
    """A frame that cannot be decoded; the message says why.

    ``template`` is the English reason with ``%(name)s`` placeholders and ``params``
    their values, so that the importer can translate the reason.
    """

    def __init__(self, template, **params):
        self.template, self.params = template, params
        super().__init__(template % params if params else template)


# the safety net's reason: a failure of the decoder that no check above foresaw
INTERNAL_ERROR = _lt("internal error of the M-Bus decoder: %(error)s")

QUANTITIES = {
    "Energy": "energy",
    "Volume": "volume",
    "Flow temperature": "flow_temperature",
    "Return temperature": "return_temperature",
    "Temperature difference": "temperature_difference",
    "Power": "power",
    "Volume flow": "volume_flow",
    "Time point (date and time)": "datetime",
    "Time point (date)": "date",
    "Fabrication number": "fabrication_number",
}
# the library's qualifiers of an energy register accumulated in one direction
# (VIFE E011 1011 / E011 1100 of EN 13757-3, table "combinable VIFE")
ACCUMULATIONS = {
    "Accumulation only if value is positive": "forward",
    "Accumulation only if value is negative": "backward",
}
# library unit -> (normalised unit, factor)
UNITS = {
    "W.h": ("kWh", Decimal("0.001")),
    "J": ("kWh", Decimal(1) / Decimal(3600000)),
    "m3": ("m3", Decimal(1)),
    "Cel": ("°C", Decimal(1)),
    "K": ("K", Decimal(1)),
    "W": ("kW", Decimal("0.001")),
    "m3.h-1": ("m3/h", Decimal(1)),
}
WIRELESS_C_FIELDS = {0x44, 0x46, 0x08, 0x18, 0x06, 0x47}
ENCRYPTION_MODES = {5, 7, 8, 9, 10, 13}  # the security modes of EN 13757-7
# CI fields of the extended link layer (EN 13757-4): 8C/8E without, 8D/8F with a
# session number whose 3 high bits say whether the payload is encrypted (AES-CTR)
ELL_SHORT = {0x8C: 2, 0x8E: 8}
ELL_LONG = {0x8D: 2, 0x8F: 8}
# EN 13757-4 (table of CI fields): A0h to B7h are manufacturer-specific application
# layers (Techem's compact telegrams among them)
MANUFACTURER_CI = range(0xA0, 0xB8)
APPLICATION_ERROR_CI = {0x70}


@dataclass
class MbusRecord:
    index: int
    function: str
    storage: int
    tariff: int
    subunit: int
    quantity: str  # normalised key (see QUANTITIES) or "other"
    unit: str
    value: object  # Decimal, date, datetime, str or None when undecodable
    qualified: bool = False  # a VIFE changes the meaning (e.g. "date of end first")
    periodic: bool = False  # a date with "every year/month" wildcards
    note: str = ""
    accumulation: str = ""  # "forward" or "backward" (qualified energy registers)


@dataclass
class MbusTelegram:
    protocol: str  # "wired" or "wireless"
    meter_id: str
    manufacturer: str
    version: int
    device_type: str
    primary_address: int | None
    access_number: int | None
    status: str
    records: list = field(default_factory=list)
    decoder: str = "pymbusparser"
    warnings: list = field(default_factory=list)

    def current(self, quantity, accumulation=""):
        """The instantaneous value of storage 0, tariff 0 for ``quantity``, or None."""
        for record in self.records:
            if (
                record.quantity == quantity
                and record.storage == 0
                and record.tariff == 0
                and record.subunit == 0
                and not record.qualified
                and record.accumulation == accumulation
                and record.function == "Instantaneous value"
                and record.value is not None
            ):
                return record.value
        return None

    @property
    def energy_kwh(self):
        """The current energy index; a meter that only sends registers accumulated
        by direction (EDC, Sensus PolluStat) gives its forward one: delivered heat."""
        value = self.current("energy")
        if value is None:
            value = self.current("energy", "forward")
        return value

    @property
    def volume_m3(self):
        return self.current("volume")

    @property
    def flow_temperature(self):
        return self.current("flow_temperature")

    @property
    def return_temperature(self):
        return self.current("return_temperature")

    @property
    def power_kw(self):
        return self.current("power")

    @property
    def timestamp(self):
        value = self.current("datetime")
        if value is None:
            value = self.current("date")
            if value is not None:
                value = datetime(value.year, value.month, value.day)
        return value


# ------------------------------------------------------------------ framing


def _to_bytes(data):
    if isinstance(data, bytes | bytearray):
        frame = bytes(data)
    else:
        text = "".join(str(data).split())
        try:
            frame = bytes.fromhex(text)
        except ValueError as exc:
            raise MbusError(
                _lt("not hexadecimal text: %(error)s"), error=str(exc)
            ) from exc
    if not frame:
        raise MbusError(_lt("empty M-Bus frame"))
    return frame


def crc_en13757(data):
    """CRC-16 of EN 13757-4 (polynomial 0x3D65, complemented)."""
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x3D65) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc ^ 0xFFFF


def add_format_a_crcs(frame):
    """Add the block CRCs of wireless format A to a telegram without them."""
    out = bytearray(frame[:10])
    out += crc_en13757(frame[:10]).to_bytes(2, "big")
    rest = frame[10:]
    for start in range(0, len(rest), 16):
        block = rest[start : start + 16]
        out += block + crc_en13757(block).to_bytes(2, "big")
    return bytes(out)


def _check_wired(frame):
    if len(frame) == 1 and frame[0] == 0xE5:
        raise MbusError(_lt("single-character acknowledgement (E5), no data"))
    if len(frame) < 6:
        raise MbusError(_lt("truncated frame: %(count)s bytes"), count=len(frame))
    length = frame[1]
    if frame[2] != length or frame[3] != 0x68:
        raise MbusError(
            _lt("not a long frame: header %(header)s (expected 68 L L 68)"),
            header=frame[:4].hex(" ").upper(),
        )
    expected = length + 6
    if len(frame) < expected:
        raise MbusError(
            _lt(
                "truncated frame: the header announces %(expected)s bytes, "
                "only %(count)s received"
            ),
            expected=expected,
            count=len(frame),
        )
    if len(frame) > expected:
        raise MbusError(
            _lt(
                "frame too long: the header announces %(expected)s bytes, got %(count)s"
            ),
            expected=expected,
            count=len(frame),
        )
    checksum = sum(frame[4 : 4 + length]) & 0xFF
    if frame[4 + length] != checksum:
        raise MbusError(
            _lt("wrong checksum: the frame says %(said)s, its bytes sum to %(sum)s"),
            said=f"{frame[4 + length]:02X}",
            sum=f"{checksum:02X}",
        )
    if frame[-1] != 0x16:
        raise MbusError(
            _lt("wrong stop byte %(byte)s (expected 16)"), byte=f"{frame[-1]:02X}"
        )
    if length < 3:
        raise MbusError(
            _lt("control frame without data (length %(count)s)"), count=length
        )


def _strip_wireless_crcs(frame):
    """Return the telegram without its format A CRCs, checking them.

    A telegram whose length matches L + 1 carries no CRC (gateways often strip them).
    """
    length = frame[0]
    if len(frame) == length + 1:
        return frame
    data_after_header = length - 9
    blocks = (data_after_header + 15) // 16
    expected = length + 1 + 2 + 2 * blocks
    if len(frame) < expected:
        raise MbusError(
            _lt(
                "truncated wireless telegram: L=%(length)s announces %(expected)s "
                "bytes with CRCs (%(bare)s without), only %(count)s received"
            ),
            length=length,
            expected=expected,
            bare=length + 1,
            count=len(frame),
        )
    if len(frame) > expected:
        raise MbusError(
            _lt(
                "wireless telegram too long: L=%(length)s announces %(expected)s "
                "bytes, got %(count)s"
            ),
            length=length,
            expected=expected,
            count=len(frame),
        )
    out = bytearray()
    head, crc = frame[:10], frame[10:12]
    if crc_en13757(head) != int.from_bytes(crc, "big"):
        raise MbusError(
            _lt("wrong CRC in block %(block)s of the wireless telegram"), block=1
        )
    out += head
    pos, block_no = 12, 2
    remaining = data_after_header
    while remaining > 0:
        size = min(16, remaining)
        block, crc = frame[pos : pos + size], frame[pos + size : pos + size + 2]
        if crc_en13757(block) != int.from_bytes(crc, "big"):
            raise MbusError(
                _lt("wrong CRC in block %(block)s of the wireless telegram"),
                block=block_no,
            )
        out += block
        pos += size + 2
        remaining -= size
        block_no += 1
    return bytes(out)


def _wired_with_payload(frame, payload):
    body = frame[4:6] + payload
    return (
        bytes([0x68, len(body), len(body), 0x68])
        + body
        + bytes([sum(body) & 0xFF, 0x16])
    )


# ---------------------------------------------------------- record reader

_LENGTHS = {
    0: 0,
    1: 1,
    2: 2,
    3: 3,
    4: 4,
    5: 4,
    6: 6,
    7: 8,
    8: 0,
    9: 1,
    10: 2,
    11: 3,
    12: 4,
    14: 6,
}
_FUNCTIONS = [
    "Instantaneous value",
    "Maximum value",
    "Minimum value",
    "Value during error state",
]


def _bcd(raw):
    digits = ""
    negative = False
    for pos, byte in enumerate(reversed(raw)):
        high, low = byte >> 4, byte & 0x0F
        if pos == 0 and high == 0x0F:
            negative, high = True, 0
        if high > 9 or low > 9:
            return None
        digits += f"{high}{low}"
    value = int(digits or "0")
    return -value if negative else value


def _single(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]


def _real(value, index):
    """A 32-bit real (data type H) as the shortest Decimal that gives the same
    32-bit real back (2070.5, not 2070.50000); NaN and infinities are a reason."""
    if isinstance(value, str) or not math.isfinite(value):
        raise MbusError(
            _lt("record %(index)s: the 32-bit real value is %(value)s, not a number"),
            index=index,
            value=str(value).replace("_", " "),
        )
    single = _single(value)
    for digits in range(1, 10):
        text = f"{single:.{digits}g}"
        if _single(float(text)) == single:
            break
    return Decimal(text)


def _year(two_digits, hundred=0):
    """The year of a type F, G or I date.

    EN 13757-3:2018, annex A (data types F, G and I) codes the year in 7 bits (0 to
    99) and, in type F, a "hundred year" field (bits 13 and 14: 0 = 1900s, 1 = 2000s,
    2 = 2100s). Meters made before that field keep it at 0 with a circular two-digit
    year: as the standard recommends for them, and as libmbus reads them, 81 to 99
    are 1981 to 1999 and 0 to 80 are 2000 to 2080.
    """
    if hundred == 0 and two_digits <= 80:
        hundred = 1
    return 1900 + 100 * hundred + two_digits


def _type_g(raw):
    day = raw[0] & 0x1F
    month = raw[1] & 0x0F
    year = ((raw[0] & 0xE0) >> 5) | ((raw[1] & 0xF0) >> 1)
    return day, month, year


def _checked(index, year, month, day, hour=0, minute=0, second=0):
    """The date (or datetime) read, or a reason when it does not exist."""
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise MbusError(
            _lt("record %(index)s: invalid date %(date)s (%(error)s)"),
            index=index,
            date=f"{day:02d}/{month:02d}/{year} {hour:02d}:{minute:02d}",
            error=str(exc),
        ) from exc


def _date_value(raw, index):
    """(value, periodic) of a date record of EN 13757-3 annex A, by its length:
    2 bytes type G (date), 4 bytes type F (date and time), 6 bytes type I."""
    if len(raw) == 2:  # type G
        if raw[0] == 0xFF and raw[1] == 0xFF:
            return None, True
        day, month, year = _type_g(raw)
        if month in (0, 15) or day == 0 or year == 127:
            return None, True
        return _checked(index, _year(year), month, day).date(), False
    if len(raw) == 4:  # type F
        if raw[0] & 0x80:  # IV: the meter says its time is invalid
            return None, False
        minute, hour, hundred = raw[0] & 0x3F, raw[1] & 0x1F, (raw[1] & 0x60) >> 5
        day, month, year = _type_g(raw[2:4])
        if month in (0, 15) or day == 0 or year == 127:
            return None, True
        return _checked(index, _year(year, hundred), month, day, hour, minute), False
    if len(raw) == 6:  # type I
        if raw[1] & 0x80:
            return None, False
        second, minute, hour = raw[0] & 0x3F, raw[1] & 0x3F, raw[2] & 0x1F
        day, month, year = _type_g(raw[3:5])
        if month in (0, 15) or day == 0 or year == 127:
            return None, True
        return (
            _checked(index, _year(year), month, day, hour, minute, second),
            False,
        )
    return None, False


def _primary_vif(vif):
    """(quantity, unit, exponent) of a primary VIF (without extension bit)."""
    n = vif & 0x07
    if vif <= 0x07:
        return "energy", "Wh", n - 3
    if vif <= 0x0F:
        return "energy", "J", n
    if vif <= 0x17:
        return "volume", "m3", n - 6
    if 0x28 <= vif <= 0x2F:
        return "power", "W", n - 3
    if 0x38 <= vif <= 0x3F:
        return "volume_flow", "m3/h", n - 6
    m = vif & 0x03
    if 0x58 <= vif <= 0x5B:
        return "flow_temperature", "°C", m - 3
    if 0x5C <= vif <= 0x5F:
        return "return_temperature", "°C", m - 3
    if 0x60 <= vif <= 0x63:
        return "temperature_difference", "K", m - 3
    if vif == 0x6C:
        return "date", "", 0
    if vif == 0x6D:
        return "datetime", "", 0
    if vif == 0x78:
        return "fabrication_number", "", 0
    return "other", "", 0


def _extension_vif(vife):
    """(quantity, unit, exponent) of the first extension table (VIF FBh) for the
    quantities of heat meters: MWh, GJ, m3 x 100, MW."""
    n = vife & 0x01
    if vife in (0x00, 0x01):
        return "energy", "Wh", n + 5  # 0.1 MWh, 1 MWh
    if vife in (0x08, 0x09):
        return "energy", "J", n + 8  # 0.1 GJ, 1 GJ
    if vife in (0x10, 0x11):
        return "volume", "m3", n + 2  # 100 m3, 1000 m3
    if vife in (0x28, 0x29):
        return "power", "W", n + 5  # 0.1 MW, 1 MW
    return "other", "", 0


_SCALE = {
    "Wh": ("kWh", Decimal("0.001")),
    "J": ("kWh", Decimal(1) / Decimal(3600000)),
    "W": ("kW", Decimal("0.001")),
    "m3": ("m3", Decimal(1)),
    "m3/h": ("m3/h", Decimal(1)),
    "°C": ("°C", Decimal(1)),
    "K": ("K", Decimal(1)),
}


def _read_dif(data, pos, index):
    dif = data[pos]
    pos += 1
    coding = dif & 0x0F
    function = _FUNCTIONS[(dif >> 4) & 0x03]
    storage, tariff, subunit, ext, n = (dif >> 6) & 0x01, 0, 0, dif, 0
    while ext & 0x80:
        if pos >= len(data):
            raise MbusError(_lt("record %(index)s: truncated DIFE"), index=index)
        if n >= 10:
            raise MbusError(_lt("record %(index)s: more than 10 DIFE"), index=index)
        ext = data[pos]
        pos += 1
        storage |= (ext & 0x0F) << (1 + 4 * n)
        tariff |= ((ext >> 4) & 0x03) << (2 * n)
        subunit |= ((ext >> 6) & 0x01) << n
        n += 1
    return pos, coding, function, storage, tariff, subunit


@dataclass
class _Vif:
    quantity: str = "other"
    unit: str = ""
    exponent: int = 0
    factor: Decimal = Decimal(1)
    qualified: bool = False
    accumulation: str = ""


def _read_vif(data, pos, index):
    """Read the VIF and its VIFEs at ``pos``; return (pos, _Vif)."""
    if pos >= len(data):
        raise MbusError(_lt("record %(index)s: truncated VIF"), index=index)
    vif = data[pos]
    pos += 1
    if vif & 0x7F == 0x7C:  # plain-text unit: its length and its characters
        if pos >= len(data) or pos + 1 + data[pos] > len(data):
            raise MbusError(_lt("record %(index)s: truncated VIF"), index=index)
        pos += 1 + data[pos]
    vifes, ext = [], vif
    while ext & 0x80:
        if pos >= len(data):
            raise MbusError(_lt("record %(index)s: truncated VIFE"), index=index)
        if len(vifes) >= 10:
            raise MbusError(_lt("record %(index)s: more than 10 VIFE"), index=index)
        ext = data[pos]
        pos += 1
        vifes.append(ext & 0x7F)
    result = _Vif()
    if vif == 0xFB and vifes:
        result.quantity, result.unit, result.exponent = _extension_vif(vifes[0])
        vifes = vifes[1:]
    elif vif in (0xFD, 0xFF, 0x7C, 0xFC, 0x7E, 0x7F, 0xFE, 0xFB):
        return pos, result
    else:
        result.quantity, result.unit, result.exponent = _primary_vif(vif & 0x7F)
    for vife in vifes:
        if 0x70 <= vife <= 0x77:  # multiplicative correction factor 10^(nnn-6)
            result.factor *= Decimal(10) ** ((vife & 0x07) - 6)
        elif vife == 0x3B:
            result.accumulation = "forward"
        elif vife == 0x3C:
            result.accumulation = "backward"
        else:
            result.qualified = True
    return pos, result


def _lvar_size(lvar, index):
    """(bytes, kind) of a variable-length value (EN 13757-3, LVAR)."""
    if lvar <= 0xBF:
        return lvar, "text"
    if lvar <= 0xC9:
        return lvar - 0xC0, "bcd"
    if 0xD0 <= lvar <= 0xD9:
        return lvar - 0xD0, "-bcd"
    if 0xE0 <= lvar <= 0xEF:
        return lvar - 0xE0, "binary"
    if 0xF0 <= lvar <= 0xF4:
        return 4 * (lvar - 0xEC), "binary"
    if lvar == 0xF5:
        return 48, "binary"
    if lvar == 0xF6:
        return 64, "binary"
    raise MbusError(
        _lt("record %(index)s: reserved variable length %(lvar)s"),
        index=index,
        lvar=f"{lvar:02X}",
    )


def _value(raw, coding, quantity, index, kind=""):
    """(value, periodic, note) of a record's data bytes."""
    if quantity in ("date", "datetime"):
        value, periodic = _date_value(raw, index)
        return value, periodic, ""
    if coding == 0x0D:
        if kind == "text":
            return raw[::-1].decode("latin-1"), False, ""
        if kind in ("bcd", "-bcd"):
            number = _bcd(raw)
            if number is None:
                return None, False, "invalid BCD digits"
            return Decimal(-number if kind == "-bcd" else number), False, ""
        return Decimal(int.from_bytes(raw, "little", signed=True)), False, ""
    if coding in (9, 10, 11, 12, 14):
        number = _bcd(raw)
        if number is None:
            return None, False, "invalid BCD digits"
        return Decimal(number), False, ""
    if coding in (1, 2, 3, 4, 6, 7):
        return Decimal(int.from_bytes(raw, "little", signed=True)), False, ""
    if coding == 5:
        return _real(struct.unpack("<f", raw)[0], index), False, ""
    return None, False, ""


def read_records(data, first_index=0):
    """Read the variable data records (EN 13757-3) of ``data`` (after the header)."""
    records, pos, index = [], 0, first_index
    while pos < len(data):
        if data[pos] == 0x2F:
            pos += 1
            continue
        if data[pos] in (0x0F, 0x1F):
            break  # manufacturer specific data until the end
        pos, coding, function, storage, tariff, subunit = _read_dif(data, pos, index)
        pos, vif = _read_vif(data, pos, index)
        kind = ""
        if coding == 0x0D:
            if pos >= len(data):
                raise MbusError(
                    _lt(
                        "record %(index)s: variable-length value without its length "
                        "byte at the end of the frame"
                    ),
                    index=index,
                )
            size, kind = _lvar_size(data[pos], index)
            pos += 1
        else:
            size = _LENGTHS.get(coding, 0)
        raw = data[pos : pos + size]
        if len(raw) < size:
            raise MbusError(
                _lt("record %(index)s: %(size)s data bytes announced, %(count)s left"),
                index=index,
                size=size,
                count=len(raw),
            )
        pos += size
        value, periodic, note = _value(raw, coding, vif.quantity, index, kind)
        norm_unit = vif.unit
        if isinstance(value, Decimal) and vif.quantity not in (
            "fabrication_number",
            "other",
        ):
            norm_unit, scale = _SCALE.get(vif.unit, (vif.unit, Decimal(1)))
            value = value * (Decimal(10) ** vif.exponent) * vif.factor * scale
        records.append(
            MbusRecord(
                index=index,
                function=function,
                storage=storage,
                tariff=tariff,
                subunit=subunit,
                quantity=vif.quantity,
                unit=norm_unit,
                value=value,
                qualified=vif.qualified,
                periodic=periodic,
                note=note,
                accumulation=vif.accumulation,
            )
        )
        index += 1
    return records


_FIXED_UNITS = {
    0x02: ("energy", Decimal("0.001")),
    0x03: ("energy", Decimal("0.01")),
    0x04: ("energy", Decimal("0.1")),
    0x05: ("energy", Decimal(1)),
    0x06: ("energy", Decimal(10)),
    0x07: ("energy", Decimal(100)),
    0x08: ("energy", Decimal(1000)),
    0x09: ("energy", Decimal(10000)),
    0x0A: ("energy", Decimal(100000)),
    0x0B: ("energy", Decimal(1) / Decimal("3600")),  # kJ
    0x0E: ("energy", Decimal(1000) / Decimal("3600")),  # MJ
    0x11: ("energy", Decimal(1000000) / Decimal("3600")),  # GJ
    0x29: ("volume", Decimal("0.001")),  # l
    0x2A: ("volume", Decimal("0.01")),
    0x2B: ("volume", Decimal("0.1")),
    0x2C: ("volume", Decimal(1)),
    0x2D: ("volume", Decimal(10)),
    0x2E: ("volume", Decimal(100)),
}


def read_fixed(payload):
    """Decode the fixed data structure (CI 0x73 LSB first, 0x77 MSB first)."""
    if len(payload) < 17:
        raise MbusError(
            _lt("truncated fixed data structure: %(count)s bytes"), count=len(payload)
        )
    msb = payload[0] == 0x77
    body = payload[1:17]
    if msb:
        body = body[3::-1] + body[4:6] + body[7:5:-1] + body[11:7:-1] + body[15:11:-1]
    meter_id = "".join(f"{b:02X}" for b in reversed(body[0:4]))
    access, status = body[4], body[5]
    medium = ((body[7] & 0xC0) >> 4) | ((body[6] & 0xC0) >> 6)
    units = [body[6] & 0x3F, body[7] & 0x3F]
    records = []
    for number, (unit_code, raw) in enumerate(
        zip(units, (body[8:12], body[12:16]), strict=True)
    ):
        value = _bcd(raw) if not status & 0x80 else int.from_bytes(raw, "little")
        quantity, factor = _FIXED_UNITS.get(unit_code, ("other", Decimal(1)))
        unit = {"energy": "kWh", "volume": "m3"}.get(quantity, "")
        records.append(
            MbusRecord(
                index=number,
                function="Instantaneous value",
                storage=1 if (number == 0 and status & 0x40) else 0,
                tariff=0,
                subunit=0,
                quantity=quantity,
                unit=unit,
                value=None if value is None else Decimal(value) * factor,
            )
        )
    return meter_id, access, status, medium, records


# --------------------------------------------------------- library bridge


def _header_vif(record, index):
    """The VIF of a library record, read again from its DIF/VIF bytes."""
    try:
        header = bytes.fromhex(record.get("header_hex") or "")
    except ValueError:
        header = b""
    if not header:
        return _Vif()
    pos = _read_dif(header, 0, index)[0]
    return _read_vif(header, pos, index)[1]


def _record_from_library(record):
    index = record.get("index", 0)
    quantities = record.get("quantities") or []
    name = quantities[0] if quantities else ""
    quantity = QUANTITIES.get(name, "other")
    accumulation = "".join(ACCUMULATIONS.get(q, "") for q in quantities[1:])
    qualified = any(q not in ACCUMULATIONS for q in quantities[1:])
    raw_value = record.get("value") or {}
    kind = raw_value.get("kind")
    value, periodic, unit = None, False, ""
    if kind in ("decimal", "float"):
        unit, factor = UNITS.get(record.get("unit"), (record.get("unit") or "", 1))
        if kind == "decimal":
            value = Decimal(raw_value["value"])
        else:
            # the library gives a real (type H) without its VIF's exponent nor its
            # VIFE's correction factor: apply them, as it does for integers
            value = _real(raw_value["value"], index)
            vif = _header_vif(record, index)
            value = value * (Decimal(10) ** vif.exponent) * vif.factor
        if not value.is_finite():
            raise MbusError(
                _lt("record %(index)s: the value is %(value)s, not a number"),
                index=index,
                value=str(value),
            )
        if quantity not in ("other", "fabrication_number"):
            value = value * factor
    elif kind in ("date", "datetime"):
        # read the bytes again: the library accepts 31 February and hour 25, puts
        # two-digit years in the 2000s and takes day 31 for "every day"
        try:
            raw = bytes.fromhex(record.get("data_hex") or "")
        except ValueError:
            raw = b""
        value, periodic = _date_value(raw, index)
        if kind == "date" and isinstance(value, datetime):
            value = value.date()
    return MbusRecord(
        index=index,
        function=record.get("function", ""),
        storage=record.get("storage_number", 0),
        tariff=record.get("tariff", 0),
        subunit=record.get("subunit", 0),
        quantity=quantity,
        unit=unit,
        value=value,
        qualified=qualified,
        periodic=periodic,
        accumulation=accumulation,
    )


def _library_parse(frame):
    if pymbusparser is None:  # pragma: no cover
        raise MbusError(_lt("the Python library pymbusparser is not installed"))
    try:
        return pymbusparser.parse(frame, include_enrichment=False)
    except pymbusparser.MbusParserError as exc:
        raise MbusError(_lt("undecodable frame: %(error)s"), error=str(exc)) from exc
    except BaseException as exc:  # a panic of the Rust library is a BaseException
        if isinstance(exc, Exception) or type(exc).__name__ == "PanicException":
            raise MbusError(
                _lt("undecodable frame: %(error)s"),
                error=str(exc) or type(exc).__name__,
            ) from exc
        raise


def _telegram(result, protocol):
    identity = (result.get("meter") or {}).get("identity") or {}
    transport = result.get("transport") or {}
    access = transport.get("access_numbers") or [{}]
    status = transport.get("statuses") or [{}]
    address = (result.get("frame") or {}).get("address") or ""
    primary = None
    if address.startswith("Primary (") and address[9:-1].isdigit():
        primary = int(address[len("Primary (") : -1])
    return MbusTelegram(
        protocol=protocol,
        meter_id=identity.get("id", ""),
        manufacturer=identity.get("manufacturer_code", ""),
        version=identity.get("version", 0) or 0,
        device_type=identity.get("device_type", ""),
        primary_address=primary,
        access_number=access[0].get("value"),
        status=status[0].get("raw", ""),
        records=[_record_from_library(r) for r in result.get("records") or []],
    )


def decode(data, key=None):
    """Decode one wired long frame or one wireless telegram; return an MbusTelegram.

    Raise :class:`MbusError` with the reason when the frame is truncated, corrupt,
    encrypted without a key, in a manufacturer's own format or without data; never
    another exception.
    """
    try:
        telegram = _decode(_to_bytes(data), key)
    except MbusError:
        raise
    except (ArithmeticError, LookupError, ValueError, TypeError, struct.error) as exc:
        # a safety net: every known failure has its own reason above
        raise MbusError(INTERNAL_ERROR, error=f"{type(exc).__name__}: {exc}") from exc
    if not telegram.records:
        raise MbusError(
            _lt("no data record in the frame of meter %(meter)s"),
            meter=telegram.meter_id or "?",
        )
    return telegram


def _decode(frame, key):
    if frame[0] == 0x68:
        return _decode_wired(frame, key)
    if len(frame) > 11 and frame[1] in WIRELESS_C_FIELDS:
        return _decode_wireless(frame, key)
    if frame[0] == 0x10:
        raise MbusError(_lt("short frame (10 ...): a request, not a meter's answer"))
    raise MbusError(
        _lt(
            "unknown frame start %(byte)s: neither a wired long frame (68) "
            "nor a wireless telegram (L, C=44/46/08...)"
        ),
        byte=f"{frame[0]:02X}",
    )


def _meter_id(raw):
    """The identification number (8 BCD digits, least significant byte first)."""
    return "".join(f"{b:02X}" for b in reversed(raw))


def _check_ci(ci, meter_id):
    if ci in MANUFACTURER_CI:
        raise MbusError(
            _lt(
                "manufacturer-specific format (CI %(ci)s) of meter %(meter)s not "
                "supported"
            ),
            ci=f"{ci:02X}",
            meter=meter_id,
        )
    if ci in APPLICATION_ERROR_CI:
        raise MbusError(
            _lt("meter %(meter)s answered with an application error (CI %(ci)s)"),
            ci=f"{ci:02X}",
            meter=meter_id,
        )


def _decode_wired(frame, key):
    _check_wired(frame)
    payload = frame[6:-2]  # from the CI field
    ci = payload[0]
    meter_id = _meter_id(payload[1:5]) if ci in (0x72, 0x76) else ""
    _check_ci(ci, meter_id or f"{frame[5]}")
    if ci in (0x73, 0x77):
        meter_id, access, status, _medium, records = read_fixed(payload)
        return MbusTelegram(
            protocol="wired",
            meter_id=meter_id,
            manufacturer="",
            version=0,
            device_type="Heat meter (fixed data structure)",
            primary_address=frame[5],
            access_number=access,
            status=f"{status:02X}",
            records=records,
            decoder="heat_metering fixed structure",
        )
    result = _library_parse(frame)
    telegram = _telegram(result, "wired")
    telegram.primary_address = frame[5]
    if ci == 0x72 and len(payload) >= 13:
        header, body = payload[:13], payload[13:]
        _complete(telegram, result, header, body, key, frame=frame, wired=True)
    return telegram


def _decode_wireless(frame, key):
    frame = _strip_wireless_crcs(frame)
    if frame[0] < 10 or len(frame) < 11:
        raise MbusError(
            _lt("wireless telegram too short: L=%(length)s"), length=frame[0]
        )
    meter_id = _meter_id(frame[4:8])
    ci = frame[10]
    _check_ci(ci, meter_id)
    if ci in ELL_SHORT or ci in ELL_LONG:
        frame = _without_ell(frame, ci, meter_id)
        ci = frame[10]
        _check_ci(ci, meter_id)
    result = _library_parse(frame)
    telegram = _telegram(result, "wireless")
    if ci == 0x7A:
        header, body = frame[10:15], frame[15:]
        _complete(telegram, result, header, body, key, frame=frame, wired=False)
    elif ci == 0x72:
        header, body = frame[10:23], frame[23:]
        _complete(telegram, result, header, body, key, frame=frame, wired=False)
    elif (result.get("security") or {}).get("decryption_state") == "key_missing":
        raise MbusError(
            _lt("encrypted telegram (CI %(ci)s), no key for meter %(meter)s"),
            ci=f"{ci:02X}",
            meter=meter_id,
        )
    return telegram


def _without_ell(frame, ci, meter_id):
    """The telegram without its extended link layer (EN 13757-4): an encrypted
    payload (session number's ENC field not 0, Kamstrup's AES-CTR) is a reason; a
    cleartext one follows its payload CRC."""
    size = ELL_SHORT.get(ci) or ELL_LONG[ci]
    start = 11 + size
    if ci in ELL_LONG:
        if len(frame) < start + 6:
            raise MbusError(
                _lt("wireless telegram too short: L=%(length)s"), length=frame[0]
            )
        session = int.from_bytes(frame[start : start + 4], "little")
        if session >> 29:
            raise MbusError(
                _lt(
                    "encrypted telegram (extended link layer, CI %(ci)s), no key "
                    "for meter %(meter)s"
                ),
                ci=f"{ci:02X}",
                meter=meter_id,
            )
        said = int.from_bytes(frame[start + 4 : start + 6], "little")
        start += 6
        if crc_en13757(frame[start:]) != said:
            raise MbusError(
                _lt("wrong payload CRC in the extended link layer of meter %(meter)s"),
                meter=meter_id,
            )
    rest = frame[start:]
    if not rest:
        raise MbusError(
            _lt("no data record in the frame of meter %(meter)s"), meter=meter_id
        )
    body = frame[1:10] + rest
    return bytes([len(body)]) + body


def _complete(telegram, result, header, body, key, frame, wired):
    """Fill what the library could not decode (see the module docstring)."""
    security = result.get("security") or {}
    state = result.get("decode_state")
    if state == "complete":
        return
    config = int.from_bytes(header[-2:], "little")
    mode = (config >> 8) & 0x1F
    cleartext = False
    if security.get("decryption_state") == "key_missing":
        if mode not in ENCRYPTION_MODES:
            cleartext = True
            telegram.warnings.append(
                f"security mode {mode} is reserved: payload read as cleartext"
            )
        elif body[:2] == b"\x2f\x2f":
            cleartext = True
            telegram.warnings.append(
                "payload already decrypted (2F2F verification bytes)"
            )
        else:
            raise MbusError(
                _lt(
                    "encrypted telegram (security mode %(mode)s) of meter "
                    "%(meter)s: a key is needed"
                ),
                mode=mode,
                meter=telegram.meter_id,
            )
    if cleartext:
        # let the library decode it, with the security mode cleared in the header
        clean_header = header[:-2] + b"\x00\x00"
        start = 6 if wired else 10
        new_payload = clean_header + body
        if wired:
            rebuilt = _wired_with_payload(frame, new_payload)
        else:
            rebuilt = frame[:start] + new_payload
        try:
            again = _library_parse(rebuilt)
        except MbusError:
            again = None
        if again and again.get("decode_state") == "complete" and again.get("records"):
            telegram.records = [_record_from_library(r) for r in again["records"]]
            return
        telegram.records = read_records(body)
        telegram.decoder = "heat_metering record reader"
        return
    # the library stopped on a record: read the rest ourselves
    ours = read_records(body)
    done = len(telegram.records)
    if len(ours) > done:
        telegram.records = telegram.records + ours[done:]
        telegram.decoder = "pymbusparser + heat_metering record reader"
        telegram.warnings.append(
            f"pymbusparser stopped at record {done}; the remaining records were read "
            "by the addon's record reader"
        )
