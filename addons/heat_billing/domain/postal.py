"""The postal order of a print run of letters: by postcode, town, street, name."""

import unicodedata


def _plain(text):
    """Lower case without accents, so that 'Écoles' sorts with 'ecoles'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(postcode, town, street, name):
    """The key that sorts letters in postal order; missing parts come first."""
    return (
        (postcode or "").replace(" ", ""),
        _plain(town),
        _plain(street),
        _plain(name),
    )
