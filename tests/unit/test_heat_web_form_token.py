# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from heat_web_form.domain.form_token import address_key, age, sign


def test_a_token_gives_its_age_back():
    assert age("secret", "pledge", sign("secret", "pledge", 1000), 1012) == 12


def test_a_token_of_another_form_or_secret_is_not_read():
    assert age("secret", "shares", sign("secret", "pledge", 1000), 1012) is None
    assert age("other", "pledge", sign("secret", "pledge", 1000), 1012) is None


def test_a_tampered_token_is_not_read():
    served, _dot, digest = sign("secret", "pledge", 1000).partition(".")
    assert age("secret", "pledge", f"999.{digest}", 1012) is None
    assert age("secret", "pledge", "", 1012) is None
    assert age("secret", "pledge", None, 1012) is None
    assert age("secret", "pledge", "abc.def", 1012) is None


def test_the_address_is_kept_as_a_keyed_hash():
    key = address_key("secret", "192.0.2.1")
    assert "192.0.2.1" not in key
    assert key == address_key("secret", "192.0.2.1")
    assert key != address_key("other", "192.0.2.1")
