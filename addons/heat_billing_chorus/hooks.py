# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Companies without a Chorus Pro format take this addon's: the CII XML that
    Odoo builds for Factur-X."""
    env["res.company"].search([("fr_chorus_invoice_format", "=", False)]).write(
        {"fr_chorus_invoice_format": "xml_cii"}
    )
