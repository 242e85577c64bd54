import pytest
from heat_operator.domain import identity


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("912345675", "912345675"),
        ("912 345 675", "912345675"),
        ("91234567500017", "912345675"),
        ("RCS Le Puy-en-Velay 912 345 675", "912345675"),
        ("912345676", None),  # check digit wrong
        ("91234567500018", None),
        ("12345", None),
        ("", None),
        (None, None),
    ],
)
def test_siren(typed, expected):
    assert identity.siren(typed) == expected


def test_format_siren():
    assert identity.format_siren("912345675") == "912 345 675"


def test_vat_fr_key():
    # the key of the French VAT number: (12 + 3 x (SIREN mod 97)) mod 97
    assert identity.vat_fr("912345675") == "FR65912345675"
    assert identity.vat_fr("732829320") == "FR44732829320"
