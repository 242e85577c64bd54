# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Optical readouts (IEC 62056-21 mode C) of Landis+Gyr Ultraheat meters. The samples
are written from the standard's message format and the Ultraheat register list."""

import re
from datetime import datetime
from decimal import Decimal

import pytest
from heat_metering.domain import iec62056
from hypothesis import given, settings
from hypothesis import strategies as st

T550 = (
    "6.8(0012.345*MWh)6.26(00123.45*m3)9.21(66123456)\r\n"
    "6.26*01(00100.00*m3)6.8*01(0010.000*MWh)\r\n"
    "F(0)9.20(66123456)6.35(60*m)\r\n"
    "6.6(0017.6*kW)6.33(001.780*m3ph)9.4(098.6*C&096.4*C)\r\n"
    "6.31(0030578*h)9.22(R)6.36(01-01&00:00)\r\n"
    "0.9.2(25-01-31)0.9.1(08:15:00)\r\n"
)


def readout(lines=T550, ident="/LUGCUH50", check=None, end="!\r\n"):
    """One readout as the optical head saves it: identification, STX, the data
    block, "!", ETX and the BCC (computed unless ``check`` is given)."""
    block = (lines + end).encode() + bytes([iec62056.ETX])
    bcc = iec62056.bcc(block) if check is None else check
    return (ident + "\r\n").encode() + bytes([iec62056.STX]) + block + bytes([bcc])


def only(data):
    results = list(iec62056.readouts(data))
    assert len(results) == 1
    return results[0][1]


def test_bcc():
    # exclusive or of the bytes after STX up to and including ETX
    assert iec62056.bcc(b"!\r\n\x03") == 0x21 ^ 0x0D ^ 0x0A ^ 0x03


def test_ultraheat_readout():
    result = only(readout())
    assert isinstance(result, iec62056.Readout)
    assert (result.manufacturer, result.identification) == ("LUG", "UH50")
    assert result.meter_id == "66123456"
    assert result.energy_kwh == Decimal("12345.000")  # 12.345 MWh
    assert result.volume_m3 == Decimal("123.45")
    assert result.timestamp == datetime(2025, 1, 31, 8, 15)
    # a stored value (address *01) is not the current one
    assert result.registers["6.8*01"] == "0010.000*MWh"


@pytest.mark.parametrize(
    "energy, kwh",
    [
        ("0012.345*MWh", "12345.000"),
        ("0044.444*GJ", "12345.556"),
        ("12345*kWh", "12345.000"),
    ],
)
def test_energy_units(energy, kwh):
    result = only(readout(f"6.8({energy})9.21(66123456)\r\n"))
    assert result.energy_kwh == Decimal(kwh)
    assert result.volume_m3 is None and result.timestamp is None


def test_two_readouts_in_one_file():
    second = readout(
        "6.8(0001.000*MWh)6.26(00010.00*m3)9.21(66000002)\r\n", "/LUGCUH50"
    )
    results = list(iec62056.readouts(readout() + b"\r\n" + second))
    assert [line for line, _r in results] == [1, 10]
    assert [r.meter_id for _l, r in results] == ["66123456", "66000002"]
    # the next readout may follow the BCC on the same line
    results = list(iec62056.readouts(readout() + second))
    assert [r.energy_kwh for _l, r in results] == [
        Decimal("12345.000"),
        Decimal("1000.000"),
    ]


@pytest.mark.parametrize(
    "data, reason",
    [
        (readout(check=0x00), "wrong BCC: the readout says 00, its bytes give"),
        (
            readout("6.26(00123.45*m3)9.21(66123456)\r\n"),
            r"no heat energy register \(6.8\)",
        ),
        (readout("6.8()9.21(66123456)\r\n"), r"no heat energy register \(6.8\)"),
        (
            readout("6.8(0012.345*Wh)9.21(66123456)\r\n"),
            'register 6.8: unknown energy unit "Wh" \\(kWh, MWh, GJ expected\\)',
        ),
        (
            readout("6.8(0012.345*MWh)6.26(123*l)9.21(66123456)\r\n"),
            'register 6.26: unknown volume unit "l"',
        ),
        (
            readout("6.8(12,5*MWh)9.21(66123456)\r\n"),
            'register 6.8: "12,5" is not a number',
        ),
        (readout("6.8(" + "9" * 30 + "*MWh)9.21(1)\r\n"), "is not a number"),
        (readout("6.8(0012.345*MWh)\r\n"), r"no meter number \(9.21\)"),
        (readout("6.8(0012.345*MWh)9.21(1)garbage\r\n"), "data line 1 is not address"),
        (readout(ident="LUGCUH50"), "no identification line"),
        (readout(ident="/L"), 'identification line "/L" is not /XXXZ'),
        (
            readout("6.8(0012.345*MWh)9.21(1)0.9.2(25-02-31)\r\n"),
            r'invalid date "25-02-31 00:00:00" \(0.9.2 and 0.9.1\)',
        ),
        (readout()[:-8], r"without end of text \(ETX\)"),
        (readout()[:-1], r"without its block check \(BCC\)"),
        (readout().replace(b"\x02", b""), r"without start of text \(STX\)"),
        (readout(end=""), 'data block without its end line "!"'),
        (b"meter;date;index\r\nM1;01/01/2025;12\r\n", "not an optical readout"),
    ],
)
def test_bad_readouts(data, reason):
    result = only(data)
    assert isinstance(result, iec62056.Iec62056Error)
    assert result.template and str(result)
    assert re.search(reason, str(result)), str(result)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.data())
def test_any_bytes_give_readouts_or_reasons(data):
    """Mutated readouts and random bytes: a readout or a reason for each, never an
    exception."""
    raw = bytearray(readout() + readout("6.8(1*GJ)9.21(2)\r\n"))
    for _ in range(data.draw(st.integers(0, 5))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos : pos + 1] = data.draw(st.binary(max_size=3))
    for sample in (bytes(raw), data.draw(st.binary(max_size=200))):
        for line, result in iec62056.readouts(sample):
            assert line >= 1
            if isinstance(result, iec62056.Iec62056Error):
                assert str(result)
            else:
                assert result.energy_kwh.is_finite() and result.meter_id
