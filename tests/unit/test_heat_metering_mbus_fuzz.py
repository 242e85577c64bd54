# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Property-based test of the M-Bus decoder: whatever the bytes, ``decode`` returns a
telegram with finite values or raises ``MbusError`` with a reason of its own (never
another exception, never the safety net's "internal error")."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from heat_metering.domain import mbus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DATA = Path(__file__).resolve().parents[2] / "addons/heat_metering/tests/data"
SAMPLES = [
    bytes.fromhex(path.read_text())
    for folder in ("libmbus", "libmbus_more")
    for path in sorted((DATA / folder).glob("*.hex"))
]
WIRELESS = bytes.fromhex((DATA / "wmbus_sharky774.hex").read_text().strip())
FAST = settings(
    max_examples=800,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _wired(payload):
    """A long frame (C=08, A=01) around ``payload`` (CI onwards), checksum right."""
    payload = payload[:250]
    body = bytes([0x08, 0x01]) + payload
    return (
        bytes([0x68, len(body), len(body), 0x68])
        + body
        + bytes([sum(body) & 0xFF, 0x16])
    )


def _reframed(frame):
    """The frame with its length and checksum made right again after a mutation."""
    if frame[:1] == b"\x68" and len(frame) >= 9:
        return _wired(frame[6:-2])
    return frame


def _check(frame):
    try:
        telegram = mbus.decode(frame)
    except mbus.MbusError as exc:
        assert str(exc)
        assert not str(exc).startswith("internal error"), (frame.hex(), exc)
        return
    assert telegram.records
    for record in telegram.records:
        if isinstance(record.value, Decimal):
            assert record.value.is_finite(), (frame.hex(), record)
        else:
            assert record.value is None or isinstance(record.value, str | date)


@st.composite
def mutated(draw):
    """A libmbus sample with bytes changed, inserted or removed after the header,
    then its length and checksum recomputed (so the decoder reads the records)."""
    frame = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(6, max(6, len(frame) - 3)))
        action = draw(st.sampled_from(["set", "insert", "delete"]))
        if action == "set":
            frame[pos] = draw(st.integers(0, 255))
        elif action == "insert":
            frame[pos:pos] = draw(st.binary(min_size=1, max_size=6))
        elif len(frame) > 10:
            del frame[pos]
    return _reframed(bytes(frame))


# DIF codings and VIFs heat meters send, and a few others
DIFS = st.sampled_from(
    [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E]
    + [0x44, 0x14, 0x24, 0x34, 0x84, 0x85, 0xC4, 0x8D]
)
VIFS = st.sampled_from(
    [0x03, 0x06, 0x07, 0x0E, 0x13, 0x16, 0x2B, 0x2E, 0x3B, 0x3E, 0x5B, 0x5F, 0x61]
    + [0x6C, 0x6D, 0x78, 0x86, 0xFB, 0xFD, 0xFF, 0x7C, 0x2F]
)


@st.composite
def records(draw):
    """Random DIF/DIFE/VIF/VIFE records with random data."""
    out = bytearray()
    for _ in range(draw(st.integers(0, 8))):
        dif = draw(DIFS)
        out.append(dif)
        if dif & 0x80:
            out.append(draw(st.integers(0, 0x7F)))
        vif = draw(VIFS)
        out.append(vif)
        if vif & 0x80:
            out += draw(
                st.sampled_from([b"\x3b", b"\x3c", b"\x74", b"\x00", b"\x09", b"\x29"])
            )
        # the data size the decoder reads for the coding (4 for a variable length),
        # and one byte more or less
        size = mbus._LENGTHS.get(dif & 0x0F, 4)
        out += draw(st.binary(min_size=0, max_size=size + 1))
    return bytes(out)


HEADERS = st.sampled_from(
    [
        bytes.fromhex("72 78563412 2423 01 04 2A 00 0000"),
        bytes.fromhex("72 78563412 2423 01 04 2A 00 FFFF"),  # reserved mode
        bytes.fromhex("72 78563412 2423 01 04 2A 00 0510"),  # mode 5, encrypted
        bytes.fromhex("78"),
        bytes.fromhex("73 78563412 2A 00 05 2C"),
    ]
)


@FAST
@given(mutated())
def test_mutated_samples(frame):
    _check(frame)


@FAST
@given(HEADERS, records())
def test_random_records(header, body):
    _check(_wired(header + body))


@FAST
@given(
    st.sampled_from(SAMPLES + [WIRELESS, mbus.add_format_a_crcs(WIRELESS)]), st.data()
)
def test_truncations(frame, data):
    cut = data.draw(st.integers(0, len(frame) - 1))
    _check(frame[:cut] or b"\x68")
    _check(_reframed(frame[:cut]) if cut > 9 else frame[:cut] or b"\x68")


@FAST
@given(
    st.binary(min_size=1, max_size=120), st.sampled_from(sorted(mbus.WIRELESS_C_FIELDS))
)
def test_random_wireless(body, c_field):
    telegram = bytes([len(body) + 1, c_field]) + body
    _check(telegram)
    _check(mbus.add_format_a_crcs(telegram))


@FAST
@given(st.binary(min_size=1, max_size=300))
def test_random_bytes(frame):
    _check(frame)
