# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pure domain functions of heat_metering: plain values in and out, no Odoo."""
