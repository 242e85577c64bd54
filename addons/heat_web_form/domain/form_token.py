# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The signed token a public form carries: when it was served, for which form.

A robot that posts without loading the form has no token; one that replays an old
token, or posts the moment the page is served, is told apart by the token's age.
"""

import hashlib
import hmac


def sign(secret, form, served_at):
    """The token of ``form`` served at ``served_at`` (whole seconds since the epoch)."""
    served_at = int(served_at)
    digest = hmac.new(
        secret.encode(), f"{form}:{served_at}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{served_at}.{digest}"


def age(secret, form, token, now):
    """The token's age in seconds, or None when it was not signed for this form."""
    served_at, _dot, digest = (token or "").partition(".")
    if not served_at.isdigit() or not hmac.compare_digest(
        sign(secret, form, served_at), f"{served_at}.{digest}"
    ):
        return None
    return int(now) - int(served_at)


def address_key(secret, address):
    """What is kept of the sender's address: a keyed hash, not the address."""
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()
