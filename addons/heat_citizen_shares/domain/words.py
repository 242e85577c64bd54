"""Amounts in words, as written on share certificates."""

from num2words import num2words


def amount_in_words_fr(amount):
    """``250`` -> ``"deux cent cinquante euros"``; cents are spelt too."""
    cents_total = round(amount * 100)
    euros, cents = divmod(cents_total, 100)
    words = num2words(euros, lang="fr") + (" euros" if euros > 1 else " euro")
    if cents:
        words += " et " + num2words(cents, lang="fr")
        words += " centimes" if cents > 1 else " centime"
    return words
