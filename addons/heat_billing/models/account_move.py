# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from num2words import num2words

from odoo import fields, models
from odoo.tools import create_index


class AccountMove(models.Model):
    _inherit = "account.move"

    heat_billing_run_id = fields.Many2one(
        "heat.billing.run",
        string="Heat billing run",
        readonly=True,
        copy=False,
        index=True,
    )
    heat_subscription_id = fields.Many2one(
        "heat.subscription", string="Heat subscription", readonly=True, copy=False
    )
    heat_renewable_share = fields.Float(
        string="Renewable share", readonly=True, copy=False
    )
    heat_co2_content = fields.Float(
        string="CO2 content (kg/kWh)", digits=(6, 3), readonly=True, copy=False
    )
    heat_billing_line_ids = fields.One2many(
        "heat.billing.run.line", "move_id", string="Heat billing details"
    )

    def init(self):
        res = super().init()
        # Odoo looks for the last number of a journal among its named moves, by id
        # (sequence.mixin._get_last_sequence) and by date (_get_last_sequence_domain).
        # Drafts have no name: without these partial indexes each look-up reads every
        # draft and every move of the journal's year, and posting the n invoices of
        # a billing run reads n² rows (ADR 0038).
        for name, column in (("id", "id DESC"), ("date", "date DESC")):
            create_index(
                self.env.cr,
                f"account_move_heat_named_{name}_idx",
                self._table,
                ["journal_id", column],
                where="name <> '/'",
            )
        return res

    def _heat_amount_in_words(self):
        """The total in French words, as French invoices show it."""
        self.ensure_one()
        euros = int(self.amount_total)
        cents = round((self.amount_total - euros) * 100)
        words = num2words(euros, lang="fr") + " euros"
        if cents:
            words += " et " + num2words(cents, lang="fr") + " centimes"
        return words

    def _heat_price_per_mwh_ttc(self):
        self.ensure_one()
        mwh = sum(self.heat_billing_line_ids.mapped("mwh"))
        return self.amount_total / mwh if mwh else 0.0
