# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from heat_metering.domain import reading_lines as rl

NOW = datetime(2024, 6, 1, 12, 0)
COLUMNS = {
    "meter": 1,
    "ts": 2,
    "energy": 3,
    "volume": 4,
    "flow": 0,
    "return": 0,
    "power": 0,
}


def parser(**settings):
    values = {
        "delimiter": ";",
        "decimal": ",",
        "date_format": "%d/%m/%Y %H:%M",
        "tz": "Europe/Paris",
        "columns": COLUMNS,
        "now": NOW,
        "unit": Decimal(1),
    }
    values.update(settings)
    result = rl.LineParser(**values)
    result.meters.update(
        {
            "M1": rl.Meter(7, 1, False, Decimal(1), ((date(2022, 1, 1), None, 70),)),
            # swapped: at sub-station 80 until 31/12/2021, then at 81
            "M2": rl.Meter(
                8,
                1,
                False,
                Decimal("0.001"),
                (
                    (date(2022, 1, 1), None, 81),
                    (date(2020, 1, 1), date(2021, 12, 31), 80),
                ),
            ),
            "PLANT": rl.Meter(9, 1, True, Decimal(1000), ()),
            "GONE": None,
        }
    )
    return result


def test_french_line_to_utc_kwh():
    reading = parser().parse('"M1";15/01/2024 08:30;1 234,5678;12,5')
    assert reading == rl.Reading(
        "M1",
        7,
        70,
        1,
        datetime(2024, 1, 15, 7, 30),
        Decimal("1234.568"),
        ("12.5", None, None, None),
    )


@pytest.mark.parametrize(
    "text,utc",
    [
        # summer time: UTC+2
        ("15/07/2023 08:30", datetime(2023, 7, 15, 6, 30)),
        # 02:30 happens twice on 27/10/2024: standard time, as PostgreSQL
        ("27/10/2024 02:30", datetime(2024, 10, 27, 1, 30)),
        # 02:30 does not exist on 31/03/2024: read as standard time too
        ("31/03/2024 02:30", datetime(2024, 3, 31, 1, 30)),
    ],
)
def test_daylight_saving_changes(text, utc):
    reading = parser(now=datetime(2030, 1, 1)).parse(f"M1;{text};1")
    assert reading.timestamp == utc


def test_local_to_utc_takes_standard_time_when_ambiguous_or_missing():
    paris = ZoneInfo("Europe/Paris")
    ambiguous = rl.local_to_utc(datetime(2024, 10, 27, 2, 0), paris)
    missing = rl.local_to_utc(datetime(2024, 3, 31, 2, 0), paris)
    assert (ambiguous, missing) == (
        datetime(2024, 10, 27, 1, 0),
        datetime(2024, 3, 31, 1, 0),
    )


def test_installation_at_the_local_day_across_a_swap():
    p = parser()
    # 01/01/2022 00:30 in Paris is still 31/12/2021 in UTC: the new sub-station
    assert p.parse("M2;01/01/2022 00:30;5").substation_id == 81
    assert p.parse("M2;31/12/2021 23:30;5").substation_id == 80
    # a plant meter needs no installation; the profile's unit wins over the meter's
    plant = p.parse("PLANT;01/01/2024 00:00;2")
    assert (plant.substation_id, plant.energy_kwh) == (None, Decimal(2))


def test_the_meters_unit_when_the_profile_says_so():
    reading = parser(unit=None).parse("PLANT;01/01/2024 00:00;1,5")
    assert reading.energy_kwh == Decimal("1500.000")


def test_point_decimal_and_comma_thousands():
    p = parser(decimal=".", date_format="%Y-%m-%d %H:%M:%S", tz="UTC")
    reading = p.parse('M1;2024-01-01 00:00:00;"1,234.5";3.25')
    assert (reading.timestamp, reading.energy_kwh, reading.values[0]) == (
        datetime(2024, 1, 1),
        Decimal("1234.500"),
        "3.25",
    )


@pytest.mark.parametrize(
    "line,reason",
    [
        ("M1", "1 column(s) instead of at least 3: wrong separator?"),
        (";01/01/2024 00:00;1", "no meter on the line"),
        ("NOPE;01/01/2024 00:00;1", 'unknown meter "NOPE"'),
        ("GONE;01/01/2024 00:00;1", 'unknown meter "GONE"'),
        (
            "M1;2024-01-01;1",
            'date "2024-01-01" does not match the format %d/%m/%Y %H:%M',
        ),
        ("M1;31/02/2024 00:00;1", 'date "31/02/2024 00:00" does not exist'),
        ("M1;01/01/2024 24:00;1", 'date "01/01/2024 24:00" does not exist'),
        ("M1;01/01/2024 00:00;douze", 'energy "douze" is not a number'),
        ("M1;01/01/2024 00:00;", 'energy "" is not a number'),
        ("M1;01/01/2024 00:00;1;1,2,3", 'volume "1,2,3" is not a number'),
        ("M1;01/01/2024 00:00;-0,5", "negative energy index"),
        ("M1;01/01/2030 00:00;1", "date 01/01/2030 00:00 is in the future"),
        (
            "M1;01/01/2019 00:00;1",
            'meter "M1" is not installed on 01/01/2019 00:00 (before its '
            "installation or after its removal)",
        ),
        # the first reason in this order: the date before the energy
        ("M1;31/02/2024 00:00;douze", 'date "31/02/2024 00:00" does not exist'),
        ("M1;01/01/2030 00:00;douze", 'energy "douze" is not a number'),
    ],
)
def test_each_bad_line_gives_its_reason(line, reason):
    assert parser().parse(line) == reason


def test_blank_lines_are_skipped_and_minus_zero_kept():
    p = parser()
    assert p.parse("") is None
    assert p.parse("   ") is None
    assert p.parse("M1;01/01/2024 00:00;-0").energy_kwh == 0


def test_translated_messages_are_used():
    p = parser()
    p.messages["unknown_meter"] = 'compteur inconnu "%(meter)s"'
    assert p.parse("NOPE;01/01/2024 00:00;1") == 'compteur inconnu "NOPE"'


def test_keys_not_yet_known():
    p = parser()
    lines = [(2, "M1;x;1"), (3, '"NEW";x;1'), (4, "NEW;x"), (5, "")]
    assert p.keys(lines) == {"NEW", ""}
