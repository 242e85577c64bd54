# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every libmbus test frame decodes to the energy, volume, temperatures and dates of
its .norm.xml (libmbus's own decoding)."""

import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from heat_metering.domain import mbus

DATA = Path(__file__).resolve().parents[2] / "addons/heat_metering/tests/data"
FRAMES = sorted((DATA / "libmbus").glob("*.hex"))
QUANTITIES = {
    "Energy": "energy",
    "Volume": "volume",
    "Flow temperature": "flow_temperature",
    "Return temperature": "return_temperature",
    "Time point (date)": "date",
    "Time point (date & time)": "datetime",
}


def _expected(path):
    root = ET.fromstring(path.with_suffix("").with_suffix(".norm.xml").read_bytes())
    for record in root.findall("DataRecord"):
        quantity, unit = record.findtext("Quantity"), record.findtext("Unit")
        if quantity is None:  # fixed data structure: the unit says it
            quantity = {"kWh": "Energy", "l": "Volume"}.get(unit)
        if quantity in QUANTITIES:
            yield (
                int(record.get("id")),
                QUANTITIES[quantity],
                unit,
                record.findtext("Value"),
            )


def test_all_frames_present():
    assert len(FRAMES) == 16


@pytest.mark.parametrize("path", FRAMES, ids=lambda p: p.stem)
def test_frame_matches_libmbus(path):
    telegram = mbus.decode(path.read_text())
    checked = 0
    for index, quantity, unit, text in _expected(path):
        record = telegram.records[index]
        assert record.quantity == quantity, (index, record)
        if quantity == "energy":
            factor = Decimal(1000) if unit == "kWh" else Decimal(1)
            assert record.value * 1000 == Decimal(text) * factor, index
        elif quantity == "volume":
            factor = Decimal("0.001") if unit == "l" else Decimal(1)
            assert record.value == Decimal(text) * factor, index
        elif quantity in ("flow_temperature", "return_temperature"):
            assert abs(record.value - Decimal(text)) < Decimal("0.000001"), index
        elif quantity == "date":
            assert record.value.isoformat() == text, index
        elif record.periodic:
            # libmbus prints a wildcard year ("every year") as a concrete year; the
            # adapter keeps it as a periodic date without value
            assert record.value is None and record.storage == 510
        else:
            expected = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
            assert record.value == expected, index
        checked += 1
    assert checked >= 2


def test_summary_values():
    telegram = mbus.decode((DATA / "libmbus/oms_frame3.hex").read_text())
    assert telegram.protocol == "wired"
    assert telegram.meter_id == "12345678"
    assert telegram.manufacturer == "HYD"
    assert telegram.energy_kwh == Decimal("2850427")
    assert telegram.volume_m3 == Decimal("703.476")
    assert telegram.flow_temperature == Decimal("44.3")
    assert telegram.return_temperature == Decimal("25.1")
    assert telegram.power_kw == Decimal("0.3297")
    elster = mbus.decode((DATA / "libmbus/Elster-F2.hex").read_text())
    assert elster.timestamp == datetime(2013, 6, 29, 12, 12)


def test_library_gaps_completed():
    # pymbusparser stops at an error-state record with invalid BCD digits
    abb = mbus.decode((DATA / "libmbus/abb_f95.hex").read_text())
    assert "record reader" in abb.decoder
    assert abb.records[2].value is None and abb.records[2].note == "invalid BCD digits"
    assert abb.flow_temperature == Decimal("20.4")
    # reserved security mode 22 in the header: cleartext in fact
    amtron = mbus.decode((DATA / "libmbus/example_data_01.hex").read_text())
    assert amtron.energy_kwh == Decimal("1389817")
    assert "reserved" in amtron.warnings[0]
    # fixed data structure (CI 0x73)
    fixed = mbus.decode((DATA / "libmbus/sen_pollusonic_2.hex").read_text())
    assert (fixed.meter_id, fixed.energy_kwh, fixed.volume_m3) == (
        "90919293",
        Decimal(6531),
        Decimal("0.069"),
    )


def test_wireless_with_and_without_crc():
    raw = bytes.fromhex((DATA / "wmbus_sharky774.hex").read_text().strip())
    for frame in (raw, mbus.add_format_a_crcs(raw)):
        telegram = mbus.decode(frame)
        assert telegram.protocol == "wireless"
        assert telegram.meter_id == "58496405"
        assert telegram.energy_kwh == Decimal(6884)
        assert telegram.volume_m3 == Decimal("645.319")
        assert telegram.flow_temperature == Decimal("51.7")
        assert telegram.return_temperature == Decimal("27.6")
        assert telegram.power_kw == Decimal("0.111")


def test_wireless_bad_crc_and_truncated():
    raw = bytes.fromhex((DATA / "wmbus_sharky774.hex").read_text().strip())
    with_crc = bytearray(mbus.add_format_a_crcs(raw))
    with_crc[30] ^= 0x01
    with pytest.raises(mbus.MbusError, match="wrong CRC in block 3"):
        mbus.decode(bytes(with_crc))
    with pytest.raises(mbus.MbusError, match="truncated wireless telegram"):
        mbus.decode(mbus.add_format_a_crcs(raw)[:-5])


def test_encrypted_without_key():
    raw = bytearray.fromhex((DATA / "wmbus_sharky774.hex").read_text().strip())
    raw[15:17] = b"\x00\x00"  # no 2F2F: really encrypted
    with pytest.raises(mbus.MbusError, match="encrypted telegram .* a key is needed"):
        mbus.decode(bytes(raw))


def test_wired_truncated_and_checksum():
    text = (DATA / "libmbus/oms_frame3.hex").read_text().split()
    with pytest.raises(
        mbus.MbusError, match="truncated frame: the header announces 66"
    ):
        mbus.decode(" ".join(text[:-5]))
    corrupt = text[:-2] + [f"{(int(text[-2], 16) + 1) % 256:02X}", "16"]
    with pytest.raises(mbus.MbusError, match="wrong checksum: the frame says C9"):
        mbus.decode(" ".join(corrupt))
    with pytest.raises(mbus.MbusError, match="not hexadecimal"):
        mbus.decode("68 ZZ")
    with pytest.raises(mbus.MbusError, match="empty"):
        mbus.decode("  ")
    with pytest.raises(mbus.MbusError, match="unknown frame start"):
        mbus.decode("AB CD")
