# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every libmbus test frame decodes to the energy, volume, temperatures and dates of
its .norm.xml (libmbus's own decoding)."""

import ast
import re
import struct
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


# ------------------------------------------------------------ frames built here

HEADER = "78563412 2423 01 04 2A 00 0000"  # id 12345678, HYD, heat, access 2A


def wired(records, ci=0x72, header=HEADER):
    """A wired RSP_UD long frame around ``records`` (hex), checksum computed."""
    body = (
        bytes([0x08, 0x01, ci])
        + bytes.fromhex(header.replace(" ", ""))
        + bytes.fromhex(records.replace(" ", ""))
    )
    return (
        bytes([0x68, len(body), len(body), 0x68])
        + body
        + bytes([sum(body) & 0xFF, 0x16])
    )


def wireless(body):
    body = bytes.fromhex(body.replace(" ", ""))
    return bytes([len(body)]) + body


def real(value):
    return struct.pack("<f", value).hex()


@pytest.mark.parametrize(
    "record, quantity, expected",
    [
        # energy: Wh, kWh, 10 kWh, 0.1 MWh, MWh (VIF FB 00/01), 10 kWh x 10^-2 (VIFE)
        ("05 03" + real(2070500.0), "energy", "2070.5"),
        ("05 06" + real(2070.5), "energy", "2070.5"),
        ("05 07" + real(207.05), "energy", "2070.5"),
        ("05 FB 00" + real(20.705), "energy", "2070.5"),
        ("05 FB 01" + real(2.0705), "energy", "2070.5"),
        ("05 86 74" + real(207050.0), "energy", "2070.5"),
        ("05 0E" + real(7453.8), "energy", "2070.5"),  # MJ
        ("05 FB 09" + real(7.4538), "energy", "2070.5"),  # GJ
        # power: W, kW, MW (FB 29); volume flow: l/h, m3/h; volume: l, m3
        ("05 2B" + real(13426.0), "power", "13.426"),
        ("05 2E" + real(13.426), "power", "13.426"),
        ("05 FB 29" + real(0.013426), "power", "13.426"),
        ("05 3B" + real(1500.0), "volume_flow", "1.5"),
        ("05 3E" + real(1.5), "volume_flow", "1.5"),
        ("05 13" + real(1234.0), "volume", "1.234"),
        ("05 16" + real(1.234), "volume", "1.234"),
        # the temperatures keep their exponent too: 0.1 °C
        ("05 5A" + real(443.0), "flow_temperature", "44.3"),
    ],
)
def test_real_values_scaled_by_their_vif(record, quantity, expected):
    telegram = mbus.decode(wired(record))
    assert telegram.records[0].quantity == quantity
    assert telegram.records[0].value == Decimal(expected)


@pytest.mark.parametrize("name", ["EDC", "SEN_Pollustat", "amt_calec_mb"])
def test_real_values_match_libmbus(name):
    """Power and volume flow of three libmbus heat meters, 32-bit reals with a VIF
    exponent: the library gives them 1,000 times off."""
    path = DATA / "libmbus_more" / f"{name}.hex"
    telegram = mbus.decode(path.read_text())
    root = ET.fromstring(path.with_suffix(".norm.xml").read_bytes())
    factors = {"W": Decimal("0.001"), "m^3/h": Decimal(1)}
    checked = 0
    for record in root.findall("DataRecord"):
        quantity = {"Power": "power", "Volume flow": "volume_flow"}.get(
            record.findtext("Quantity")
        )
        if quantity is None or "." not in record.findtext("Value"):
            continue
        ours = telegram.records[int(record.get("id"))]
        assert ours.quantity == quantity
        expected = Decimal(record.findtext("Value")) * factors[record.findtext("Unit")]
        # libmbus prints 6 decimals
        assert abs(ours.value - expected) <= Decimal("0.0000005") * (1 + abs(expected))
        checked += 1
    assert checked >= 1
    assert mbus.decode(
        (DATA / "libmbus_more/amt_calec_mb.hex").read_text()
    ).power_kw == (Decimal("13426.156"))


@pytest.mark.parametrize(
    "value, shown",
    [("nan", "nan"), ("inf", "positive infinity"), ("-inf", "negative infinity")],
)
def test_real_not_a_number(value, shown):
    with pytest.raises(mbus.MbusError, match=f"the 32-bit real value is {shown}"):
        mbus.decode(wired("05 06" + real(float(value))))
    # the same after the record the library stops at: our record reader
    frame = wired(
        "0C 06 1A 00 00 00 05 06" + real(float(value)),
        header="78563412 2423 01 04 2A 00 FFFF",
    )
    with pytest.raises(mbus.MbusError, match="not a number"):
        mbus.decode(frame)


def test_impossible_dates():
    # type G 31/02/2018: day 31, year 18 = 0b0010010, month 2
    with pytest.raises(mbus.MbusError, match=r"record 1: invalid date 31/02/2018"):
        mbus.decode(wired("04 06 10000000 02 6C 5F 22"))
    # type F 15/01/2016 25:30
    with pytest.raises(mbus.MbusError, match=r"invalid date 15/01/2016 25:30"):
        mbus.decode(wired("04 06 10000000 04 6D 1E 19 0F 21"))
    # minute 61
    with pytest.raises(mbus.MbusError, match=r"invalid date 15/01/2016 10:61"):
        mbus.decode(wired("04 06 10000000 04 6D 3D 0A 0F 21"))


def test_two_digit_years():
    # type G 15/01/96 -> 1996; 15/01/05 -> 2005
    assert mbus.decode(wired("04 06 10000000 02 6C 0F C1")).timestamp == datetime(
        1996, 1, 15
    )
    assert mbus.decode(wired("04 06 10000000 02 6C AF 01")).timestamp == datetime(
        2005, 1, 15
    )
    # type F 15/01/96 10:30, hundred-year field 0 -> 1996; field 1 -> 2096 as written
    assert mbus.decode(wired("04 06 10000000 04 6D 1E 0A 0F C1")).timestamp == datetime(
        1996, 1, 15, 10, 30
    )
    assert mbus.decode(wired("04 06 10000000 04 6D 1E 2A 0F C1")).timestamp == datetime(
        2096, 1, 15, 10, 30
    )
    # type F 31/12/80 -> 2080 (the last year of the circular century)
    assert mbus.decode(wired("04 06 10000000 04 6D 00 00 1F AC")).timestamp == datetime(
        2080, 12, 31
    )


def test_accumulation_qualified_energy():
    # forward 35 kWh (VIFE 3B), backward 465 kWh (VIFE 3C), no plain register
    frame = wired("84 00 86 3B 23 00 00 00 84 00 86 3C D1 01 00 00")
    telegram = mbus.decode(frame)
    assert [r.accumulation for r in telegram.records] == ["forward", "backward"]
    assert telegram.energy_kwh == Decimal(35)
    # a plain register wins over the forward one
    frame = wired("04 86 3B 23 00 00 00 04 06 2A 00 00 00")
    assert mbus.decode(frame).energy_kwh == Decimal(42)
    # only a backward register: no current index
    assert mbus.decode(wired("04 86 3C D1 01 00 00")).energy_kwh is None
    # the libmbus frames of EDC and Sensus PolluStat
    edc = mbus.decode((DATA / "libmbus_more/EDC.hex").read_text())
    assert edc.energy_kwh == Decimal(35)
    pollustat = mbus.decode((DATA / "libmbus_more/SEN_Pollustat.hex").read_text())
    assert pollustat.energy_kwh == Decimal(39831)


# Kamstrup's extended link layer (CI 8D): CC, ACC, session number, payload CRC
ELL = "44 2D2C 36363636 35 04 8D 20 E1 {session} {crc} {payload}"


def _ell(session, payload="78 0406A5000000 0414 21020000"):
    data = bytes.fromhex(payload.replace(" ", ""))
    crc = mbus.crc_en13757(data).to_bytes(2, "little").hex()
    return wireless(ELL.format(session=session, crc=crc, payload=payload))


def test_ell_encrypted_without_key():
    # session number 20B62580: ENC field (3 high bits) = 1, AES-CTR
    with pytest.raises(
        mbus.MbusError,
        match=r"encrypted telegram \(extended link layer, CI 8D\), no key for "
        "meter 36363636",
    ):
        mbus.decode(_ell("80 25 B6 20"))


def test_ell_cleartext():
    telegram = mbus.decode(_ell("80 25 B6 00"))
    assert telegram.meter_id == "36363636"
    assert telegram.energy_kwh == Decimal(165)
    assert telegram.volume_m3 == Decimal("5.45")
    frame = bytearray(_ell("80 25 B6 00"))
    frame[-1] ^= 0x01
    with pytest.raises(mbus.MbusError, match="wrong payload CRC"):
        mbus.decode(bytes(frame))


def test_manufacturer_specific_telegram():
    # a Techem compact V heat meter telegram (TCH, CI A2)
    techem = wireless("44 6850 36494118 45 43 A2 069F255900B029310000000306060A0908")
    with pytest.raises(
        mbus.MbusError,
        match=r"manufacturer-specific format \(CI A2\) of meter 18414936 not supported",
    ):
        mbus.decode(techem)
    with pytest.raises(mbus.MbusError, match="manufacturer-specific format"):
        mbus.decode(wired("0406 10000000", ci=0xA0))


def test_variable_length_records():
    # the length byte missing at the end of the frame
    with pytest.raises(
        mbus.MbusError,
        match="record 1: variable-length value without its length byte at the end",
    ):
        mbus.decode(
            wired("04 06 10000000 0D 78", header="78563412 2423 01 04 2A 00 FFFF")
        )
    with pytest.raises(
        mbus.MbusError, match="record 1: 5 data bytes announced, 2 left"
    ):
        mbus.decode(
            wired(
                "04 06 10000000 0D 78 05 3132", header="78563412 2423 01 04 2A 00 FFFF"
            )
        )
    # text (LSB first) and 4-byte BCD (LVAR C4) read by the record reader
    records = mbus.read_records(bytes.fromhex("0D 78 03 43 42 41 0D 03 C4 78 56 34 12"))
    assert records[0].value == "ABC"
    assert records[1].value == Decimal("12345.678")


def test_no_data_and_application_error():
    with pytest.raises(
        mbus.MbusError, match="no data record in the frame of meter 12345678"
    ):
        mbus.decode(wired(""))
    with pytest.raises(mbus.MbusError, match=r"application error \(CI 70\)"):
        mbus.decode(wired("", ci=0x70, header="00"))


def test_error_template_and_params():
    with pytest.raises(mbus.MbusError) as caught:
        mbus.decode(wired("05 06" + real(float("nan"))))
    assert caught.value.template == (
        "record %(index)s: the 32-bit real value is %(value)s, not a number"
    )
    assert caught.value.params == {"index": 0, "value": "nan"}


def _reasons(source):
    """The reasons marked ``_lt("...")`` in a domain module (implicit concatenation)."""
    tree = ast.parse(source.read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_lt"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def _french():
    text = (DATA.parent.parent / "i18n/fr.po").read_text()
    entries = {}
    for block in text.split("\n\n"):
        msgid = "".join(
            re.findall(r'^(?:msgid )?"(.*)"$', block.split("msgstr")[0], re.M)
        )
        msgstr = "".join(re.findall(r'"(.*)"', block.split("msgstr", 1)[-1]))
        entries[msgid.replace('\\"', '"')] = msgstr
    return entries


@pytest.mark.parametrize("module", ["mbus.py", "iec62056.py"])
def test_every_reason_translated(module):
    french = _french()
    reasons = _reasons(DATA.parent.parent / "domain" / module)
    assert len(reasons) > 5
    missing = sorted(r for r in reasons if not french.get(r))
    assert not missing
