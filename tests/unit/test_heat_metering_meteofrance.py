# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import gzip
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from heat_metering.domain import degree_days as dd
from heat_metering.domain import meteofrance as mf

DATA = Path(__file__).resolve().parents[2] / "addons/heat_metering/tests/data"

BULK = (
    "NUM_POSTE;NOM_USUEL;LAT;LON;ALTI;AAAAMMJJ;RR;QRR;TN;QTN;HTN;QHTN;TX;QTX\n"
    "43062001;LE PUY-LOUDES;45.074500;3.764000;833;20240115;0.0;1;-4.2;1;;;3.6;1\n"
    "43062001;LE PUY-LOUDES;45.074500;3.764000;833;20240116;0.2;1;-1.0;1;;;;\n"
    "43062001;LE PUY-LOUDES;45.074500;3.764000;833;2024011;0.2;1;-1.0;1;;;5;1\n"
)


def test_api_daily_sample():
    result = mf.parse_daily(
        (DATA / "meteofrance/api_quotidiennes_sample_76116001.csv").read_bytes()
    )
    assert result.file_format == "api"
    assert not result.errors
    assert [(d.station, d.day, d.tn, d.tx) for d in result.days] == [
        ("76116001", date(2024, 6, 15), Decimal("8.8"), Decimal("15.2")),
        ("76116001", date(2024, 6, 16), Decimal("11.2"), Decimal("17.8")),
    ]
    dju = [dd.meteo_heating(d.tn, d.tx) for d in result.days]
    assert dju == [Decimal("6"), Decimal("3.5")]


def test_bulk_q_file_gzipped():
    result = mf.parse_daily(gzip.compress(BULK.encode()))
    assert result.file_format == "bulk"
    assert len(result.days) == 1
    day = result.days[0]
    assert (day.station, day.day, day.tn, day.tx, day.station_name) == (
        "43062001",
        date(2024, 1, 15),
        Decimal("-4.2"),
        Decimal("3.6"),
        "LE PUY-LOUDES",
    )
    assert result.errors == [
        (3, "TN or TX missing"),
        (4, "unreadable value: date '2024011' is not AAAAMMJJ"),
    ]


def test_bad_files():
    with pytest.raises(mf.WeatherFileError, match="empty"):
        mf.parse_daily(b"")
    with pytest.raises(mf.WeatherFileError, match="separator"):
        mf.parse_daily(BULK.replace(";", ","))
