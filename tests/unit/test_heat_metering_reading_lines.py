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
        # winter time: UTC+1
        ("15/01/2024 08:30", datetime(2024, 1, 15, 7, 30)),
        # 02:30 happens twice on 27/10/2024: alone on its meter, the first one
        ("27/10/2024 02:30", datetime(2024, 10, 27, 0, 30)),
    ],
)
def test_daylight_saving_changes(text, utc):
    reading = parser(now=datetime(2030, 1, 1)).parse(f"M1;{text};1")
    assert reading.timestamp == utc


def test_local_to_utc_repeated_and_missing_hours():
    paris = ZoneInfo("Europe/Paris")
    assert rl.local_to_utc(datetime(2024, 10, 27, 2, 0), paris) == (
        datetime(2024, 10, 27, 0, 0),
        datetime(2024, 10, 27, 1, 0),
    )
    assert rl.local_to_utc(datetime(2024, 10, 27, 3, 0), paris) == (
        datetime(2024, 10, 27, 2, 0),
        None,
    )
    with pytest.raises(ValueError):
        rl.local_to_utc(datetime(2025, 3, 30, 2, 30), paris)


def test_nonexistent_local_time_is_a_reason():
    p = parser(now=datetime(2030, 1, 1))
    assert p.parse("M1;30/03/2025 02:30;1") == (
        'date "30/03/2025 02:30" does not exist in the time zone Europe/Paris: the '
        "clocks go forward at this hour"
    )
    # the hours around it are read
    assert p.parse("M1;30/03/2025 01:59;1").timestamp == datetime(2025, 3, 30, 0, 59)
    assert p.parse("M1;30/03/2025 03:00;1").timestamp == datetime(2025, 3, 30, 1, 0)


def test_repeated_local_times_are_both_kept_in_file_order():
    p = parser(now=datetime(2030, 1, 1))
    first = p.parse("M1;26/10/2025 02:30;10")
    other_meter = p.parse("M2;26/10/2025 02:30;10")
    second = p.parse("M1;26/10/2025 02:30;11")
    # summer time (UTC+2) first, then winter time (UTC+1)
    assert first.timestamp == datetime(2025, 10, 26, 0, 30)
    assert second.timestamp == datetime(2025, 10, 26, 1, 30)
    # another meter's first 02:30 is its own first one
    assert other_meter.timestamp == datetime(2025, 10, 26, 0, 30)
    # a third line at that time is the second instant again: a duplicate or a
    # conflict for the database
    assert p.parse("M1;26/10/2025 02:30;12").timestamp == second.timestamp


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
        (
            "M1;01/01/2024 00:00;1;1,2,3",
            'volume "1,2,3": digits grouped wrongly (a thousands separator stands '
            "between groups of three digits)",
        ),
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


@pytest.mark.parametrize(
    "text,kwh",
    [
        ("12,5", "12.500"),
        ("1 234,5", "1234.500"),
        ("1\u00a0234\u00a0567", "1234567.000"),
        ("1\u202f234,25", "1234.250"),
        ("1.234.567", "1234567.000"),
        ("1.234,5", "1234.500"),
        ("-0", "0.000"),
    ],
)
def test_numbers_of_a_comma_profile(text, kwh):
    assert parser().parse(f"M1;01/01/2024 00:00;{text}").energy_kwh == Decimal(kwh)


GROUPING = (
    'energy "%s": digits grouped wrongly (a thousands separator stands between '
    "groups of three digits)"
)
DECIMAL = 'energy "%s": the decimal separator of the profile is ","'


@pytest.mark.parametrize(
    "text,reason",
    [
        # read before as 125, 1,375 and 15
        ("12.5", DECIMAL % "12.5"),
        ("13.75", DECIMAL % "13.75"),
        ("1.375", DECIMAL % "1.375"),
        ("1 5", GROUPING % "1 5"),
        ("12 34", GROUPING % "12 34"),
        ("1 2345", GROUPING % "1 2345"),
        ("1 234\u00a0567", GROUPING % "1 234\u00a0567"),
        ("1,234,5", GROUPING % "1,234,5"),
        ("1.23.456", GROUPING % "1.23.456"),
        ("1e5", 'energy "1e5" is not a number'),
        ("NaN", 'energy "NaN" is not a number'),
        ("0x10", 'energy "0x10" is not a number'),
    ],
)
def test_numbers_parsed_strictly(text, reason):
    assert parser().parse(f"M1;01/01/2024 00:00;{text}") == reason


def test_point_profile_refuses_a_decimal_comma():
    p = parser(decimal=".", date_format="%Y-%m-%d %H:%M:%S", tz="UTC")
    line = "M1;2024-01-01 00:00:00;12,5"
    assert p.parse(line) == 'energy "12,5": the decimal separator of the profile is "."'
    assert p.parse("M1;2024-01-01 00:00:00;1,234,567.5").energy_kwh == Decimal(
        "1234567.500"
    )


ENERGY_RANGE = 'energy "%s" is out of range (0 to 100,000,000,000 kWh)'


@pytest.mark.parametrize(
    "line,reason",
    [
        # read before: an OverflowError, a decimal.InvalidOperation, a ValueError
        ("M1;01/01/0001 00:00;1", 'date "01/01/0001 00:00" is before 1970'),
        ("M1;31/12/9999 23:59;1", "date 31/12/9999 23:59 is in the future"),
        ("M1;01/01/2024 00:00;" + "9" * 30, ENERGY_RANGE % ("9" * 30)),
        ("M1;01/01/2024 00:00;" + "1" * 24, ENERGY_RANGE % ("1" * 24)),
        ("M1;01/01/2024 00:00;100000000001", ENERGY_RANGE % "100000000001"),
        (
            "M\x001;01/01/2024 00:00;1",
            '"M\\x001" contains a NUL character: binary data, not text',
        ),
        (
            "M1;01/01/2024 00:00;1;1" + "0" * 10,
            'volume "1' + "0" * 10 + '" is out of range (0.0 to 1000000000.0)',
        ),
        (
            "M1;01/01/2024 00:00;1;1;",
            "M1;01/01/2024 00:00;1;1;",
        ),
        ("X" * 100 + ";01/01/2024 00:00;1", 'unknown meter "' + "X" * 60 + '\u2026"'),
    ],
)
def test_values_out_of_range_are_reasons(line, reason):
    result = parser().parse(line)
    if reason == line:  # an empty value column is no value
        assert result.values == ("1", None, None, None)
    else:
        assert result == reason


def test_units_bound_the_index():
    # 10^11 kWh is 10^8 MWh: the largest 8-digit register in MWh is read
    mwh = parser(unit=Decimal(1000))
    assert mwh.parse("M1;01/01/2024 00:00;99999999").energy_kwh == Decimal(
        "99999999000"
    )
    assert "out of range" in mwh.parse("M1;01/01/2024 00:00;100000001")
    wh = parser(unit=Decimal("0.001"))
    assert wh.parse("M1;01/01/2024 00:00;99999999999999").energy_kwh == Decimal(
        "99999999999.999"
    )


def test_keys_with_a_nul_or_too_long_are_not_looked_up():
    p = parser()
    lines = [(2, "A\x00;x;1"), (3, "Y" * 65 + ";x;1"), (4, "NEW;x;1")]
    assert p.keys(lines) == {"NEW"}


def test_temperatures_and_power_bounds():
    columns = dict(COLUMNS, flow=5, power=6)
    p = parser(columns=columns)
    assert p.parse("M1;01/01/2024 00:00;1;;75,5;12").values == (
        None,
        "75.5",
        None,
        "12",
    )
    assert p.parse("M1;01/01/2024 00:00;1;;751;12") == (
        'flow temperature "751" is out of range (-50.0 to 250.0)'
    )


def test_quoted_cells_may_hold_the_separator():
    p = parser(delimiter=",")
    assert p.parse('"M1","01/01/2024 00:00","1 234,5"').energy_kwh == Decimal(
        "1234.500"
    )
    assert p.keys([(2, '"NEW","x","1,5"')]) == {"NEW"}


def test_decode_utf8_bom_or_windows_1252():
    from heat_metering.domain import csv_format as cf

    french = "Relevé;Compteur;Énergie\n"
    assert cf.decode(french.encode()) == (french, "utf-8")
    assert cf.decode(b"\xef\xbb\xbf" + french.encode()) == (french, "utf-8-sig")
    assert cf.decode(french.encode("cp1252")) == (french, "cp1252")
    with pytest.raises(UnicodeDecodeError):
        cf.decode(b"abc\x81\x8d")


@pytest.mark.parametrize(
    "lines,default,found",
    [
        (["a;b;c", "M1;01/01/2024;1,5"], ";", ";"),
        (["a,b,c", "M1,01/01/2024,1.5"], ";", ","),
        (["a\tb\tc", "M1\t01/01/2024\t1,5"], ";", "\t"),
        # decimal commas do not make a comma file
        (["a;b;c", "M1;01/01/2024;1,5", "M1;02/01/2024;2"], ",", ";"),
        # a short line: the separator of the first line
        (["a;b;c", "M1"], ",", ";"),
        (["abc", "M1 x"], ";", None),
        ([], ";", ";"),
        # no header, one decimal comma a line: too few columns for a comma file
        (["M1;01/01/2024;1,5", "M1;02/01/2024;2,5"], ",", ";"),
    ],
)
def test_sniff_delimiter(lines, default, found):
    from heat_metering.domain import csv_format as cf

    assert cf.sniff_delimiter(lines, default, 3) == found


def test_split_lines_keeps_the_numbering_of_editors():
    from heat_metering.domain import csv_format as cf

    assert cf.split_lines("a\r\nb\x0cc\rd\n") == ["a", "b\x0cc", "d"]
    assert cf.split_lines("a\n\nb") == ["a", "", "b"]
