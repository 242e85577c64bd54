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
  gateway (``2F2F`` verification bytes present).

The rest of the addon only sees :func:`decode` and :class:`MbusTelegram`.
"""

import struct
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

try:  # the library is an external dependency of the addon, declared in the manifest
    import pymbusparser
except ImportError:  # pragma: no cover - the unit tests run where it is installed
    pymbusparser = None


class MbusError(ValueError):
    """A frame that cannot be decoded; the message says why."""


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

    def current(self, quantity):
        """The instantaneous value of storage 0, tariff 0 for ``quantity``, or None."""
        for record in self.records:
            if (
                record.quantity == quantity
                and record.storage == 0
                and record.tariff == 0
                and record.subunit == 0
                and not record.qualified
                and record.function == "Instantaneous value"
                and record.value is not None
            ):
                return record.value
        return None

    @property
    def energy_kwh(self):
        return self.current("energy")

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
        return bytes(data)
    text = "".join(str(data).split())
    if not text:
        raise MbusError("empty M-Bus frame")
    try:
        return bytes.fromhex(text)
    except ValueError as exc:
        raise MbusError(f"not hexadecimal text: {exc}") from exc


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
        raise MbusError("single-character acknowledgement (E5), no data")
    if len(frame) < 6:
        raise MbusError(f"truncated frame: {len(frame)} bytes")
    length = frame[1]
    if frame[2] != length or frame[3] != 0x68:
        raise MbusError(
            f"not a long frame: header {frame[:4].hex(' ').upper()} "
            "(expected 68 L L 68)"
        )
    expected = length + 6
    if len(frame) < expected:
        raise MbusError(
            f"truncated frame: the header announces {expected} bytes, "
            f"only {len(frame)} received"
        )
    if len(frame) > expected:
        raise MbusError(
            f"frame too long: the header announces {expected} bytes, got {len(frame)}"
        )
    checksum = sum(frame[4 : 4 + length]) & 0xFF
    if frame[4 + length] != checksum:
        raise MbusError(
            f"wrong checksum: the frame says {frame[4 + length]:02X}, "
            f"its bytes sum to {checksum:02X}"
        )
    if frame[-1] != 0x16:
        raise MbusError(f"wrong stop byte {frame[-1]:02X} (expected 16)")


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
            f"truncated wireless telegram: L={length} announces {expected} bytes "
            f"with CRCs ({length + 1} without), only {len(frame)} received"
        )
    if len(frame) > expected:
        raise MbusError(
            f"wireless telegram too long: L={length} announces {expected} bytes, "
            f"got {len(frame)}"
        )
    out = bytearray()
    head, crc = frame[:10], frame[10:12]
    if crc_en13757(head) != int.from_bytes(crc, "big"):
        raise MbusError("wrong CRC in block 1 of the wireless telegram")
    out += head
    pos, block_no = 12, 2
    remaining = data_after_header
    while remaining > 0:
        size = min(16, remaining)
        block, crc = frame[pos : pos + size], frame[pos + size : pos + size + 2]
        if crc_en13757(block) != int.from_bytes(crc, "big"):
            raise MbusError(f"wrong CRC in block {block_no} of the wireless telegram")
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


def _type_g(raw):
    day = raw[0] & 0x1F
    month = raw[1] & 0x0F
    year = ((raw[0] & 0xE0) >> 5) | ((raw[1] & 0xF0) >> 1)
    return day, month, year


def _date_value(raw, coding):
    if coding == 2:  # type G
        day, month, year = _type_g(raw)
        if raw[0] == 0xFF and raw[1] == 0xFF:
            return None, True
        if month in (0, 15) or day == 0 or year == 127:
            return None, True
        return date(2000 + year if year < 81 else 1900 + year, month, day), False
    if coding == 4:  # type F
        if raw[0] & 0x80:
            return None, False
        minute, hour = raw[0] & 0x3F, raw[1] & 0x1F
        day, month, year = _type_g(raw[2:4])
        if month in (0, 15) or day == 0 or year == 127:
            return None, True
        year = 2000 + year if year < 81 else 1900 + year
        return datetime(year, month, day, hour, minute), False
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
            raise MbusError(f"record {index}: truncated DIFE")
        ext = data[pos]
        pos += 1
        storage |= (ext & 0x0F) << (1 + 4 * n)
        tariff |= ((ext >> 4) & 0x03) << (2 * n)
        subunit |= ((ext >> 6) & 0x01) << n
        n += 1
    return pos, coding, function, storage, tariff, subunit


def _read_vif(data, pos, index):
    if pos >= len(data):
        raise MbusError(f"record {index}: truncated VIF")
    vif = data[pos]
    pos += 1
    vifes, ext = [], vif
    while ext & 0x80:
        if pos >= len(data):
            raise MbusError(f"record {index}: truncated VIFE")
        ext = data[pos]
        pos += 1
        vifes.append(ext)
    if vif in (0xFB, 0xFD, 0xFF, 0x7C, 0xFC, 0x7E, 0x7F):
        quantity, unit, exponent = "other", "", 0
    else:
        quantity, unit, exponent = _primary_vif(vif & 0x7F)
    factor, qualified = Decimal(1), False
    for vife in [v & 0x7F for v in (vifes if vif & 0x80 else [])]:
        if 0x70 <= vife <= 0x77:
            factor *= Decimal(10) ** ((vife & 0x07) - 6)
        else:
            qualified = True
    return pos, quantity, unit, exponent, factor, qualified


def _value(raw, coding, quantity):
    """(value, periodic, note) of a record's data bytes."""
    if quantity in ("date", "datetime"):
        value, periodic = _date_value(raw, coding)
        return value, periodic, ""
    if coding in (9, 10, 11, 12, 14):
        number = _bcd(raw)
        if number is None:
            return None, False, "invalid BCD digits"
        return Decimal(number), False, ""
    if coding in (1, 2, 3, 4, 6, 7):
        return Decimal(int.from_bytes(raw, "little", signed=True)), False, ""
    if coding == 5:
        return Decimal(str(round(struct.unpack("<f", raw)[0], 6))), False, ""
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
        pos, quantity, unit, exponent, factor, qualified = _read_vif(data, pos, index)
        if coding == 0x0D:
            size = data[pos]
            pos += 1
        else:
            size = _LENGTHS.get(coding, 0)
        raw = data[pos : pos + size]
        if len(raw) < size:
            raise MbusError(
                f"record {index}: {size} data bytes announced, {len(raw)} left"
            )
        pos += size
        value, periodic, note = _value(raw, coding, quantity)
        norm_unit = unit
        if isinstance(value, Decimal) and quantity not in (
            "fabrication_number",
            "other",
        ):
            norm_unit, scale = _SCALE.get(unit, (unit, Decimal(1)))
            value = value * (Decimal(10) ** exponent) * factor * scale
        records.append(
            MbusRecord(
                index=index,
                function=function,
                storage=storage,
                tariff=tariff,
                subunit=subunit,
                quantity=quantity,
                unit=norm_unit,
                value=value,
                qualified=qualified,
                periodic=periodic,
                note=note,
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
        raise MbusError(f"truncated fixed data structure: {len(payload)} bytes")
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


def _record_from_library(record):
    quantities = record.get("quantities") or []
    name = quantities[0] if quantities else ""
    quantity = QUANTITIES.get(name, "other")
    qualified = len(quantities) > 1
    raw_value = record.get("value") or {}
    kind = raw_value.get("kind")
    value, periodic, unit = None, False, ""
    if kind in ("decimal", "float"):
        # a 32-bit real carries about 7 significant digits: keep 6 decimals
        value = (
            Decimal(raw_value["value"])
            if kind == "decimal"
            else Decimal(str(round(raw_value["value"], 6)))
        )
        unit, factor = UNITS.get(record.get("unit"), (record.get("unit") or "", 1))
        if quantity not in ("other", "fabrication_number"):
            value = value * factor
    elif kind in ("date", "datetime"):
        text = raw_value.get("value")
        if isinstance(text, str):
            value = (
                datetime.fromisoformat(text)
                if kind == "datetime"
                else date.fromisoformat(text)
            )
        else:
            periodic = True
    return MbusRecord(
        index=record.get("index", 0),
        function=record.get("function", ""),
        storage=record.get("storage_number", 0),
        tariff=record.get("tariff", 0),
        subunit=record.get("subunit", 0),
        quantity=quantity,
        unit=unit,
        value=value,
        qualified=qualified,
        periodic=periodic,
    )


def _library_parse(frame):
    if pymbusparser is None:  # pragma: no cover
        raise MbusError("the Python library pymbusparser is not installed")
    try:
        return pymbusparser.parse(frame, include_enrichment=False)
    except pymbusparser.MbusParserError as exc:
        raise MbusError(f"undecodable frame: {exc}") from exc


def _telegram(result, protocol):
    identity = (result.get("meter") or {}).get("identity") or {}
    transport = result.get("transport") or {}
    access = transport.get("access_numbers") or [{}]
    status = transport.get("statuses") or [{}]
    address = (result.get("frame") or {}).get("address") or ""
    primary = None
    if address.startswith("Primary ("):
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

    Raise :class:`MbusError` with the reason when the frame is truncated, corrupt or
    encrypted without a key.
    """
    frame = _to_bytes(data)
    if frame[0] == 0x68:
        return _decode_wired(frame, key)
    if len(frame) > 11 and frame[1] in WIRELESS_C_FIELDS:
        return _decode_wireless(frame, key)
    if frame[0] == 0x10:
        raise MbusError("short frame (10 ...): a request, not a meter's answer")
    raise MbusError(
        f"unknown frame start {frame[0]:02X}: neither a wired long frame (68) "
        "nor a wireless telegram (L, C=44/46/08...)"
    )


def _decode_wired(frame, key):
    _check_wired(frame)
    payload = frame[6:-2]  # from the CI field
    ci = payload[0] if payload else None
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
    result = _library_parse(frame)
    telegram = _telegram(result, "wireless")
    ci = frame[10] if len(frame) > 10 else None
    if ci == 0x7A:
        header, body = frame[10:15], frame[15:]
        _complete(telegram, result, header, body, key, frame=frame, wired=False)
    elif ci == 0x72:
        header, body = frame[10:23], frame[23:]
        _complete(telegram, result, header, body, key, frame=frame, wired=False)
    return telegram


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
                f"encrypted telegram (security mode {mode}) of meter "
                f"{telegram.meter_id}: a key is needed"
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
            again = pymbusparser.parse(rebuilt, include_enrichment=False)
        except pymbusparser.MbusParserError:
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
