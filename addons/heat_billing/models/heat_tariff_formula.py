# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

COMPONENTS = [
    ("r1", "R1 energy"),
    ("r21", "R21 electricity"),
    ("r22", "R22 operation"),
    ("r23", "R23 major maintenance"),
    ("r21_r22_per_mwh", "R21 + R22 per MWh"),
]


class HeatTariffFormula(models.Model):
    """Revision formula of one tariff component: a fixed part plus weighted ratios
    of index values to their base values. R24 (financing) has none: never revalued."""

    _name = "heat.tariff.formula"
    _description = "Tariff revision formula"
    _order = "network_id, component"
    _check_company_auto = True

    network_id = fields.Many2one(
        "heat.network", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    component = fields.Selection(COMPONENTS, required=True)
    fixed_part = fields.Float(
        digits=(6, 4), help="The share of the price that is never revised, e.g. 0.15."
    )
    term_ids = fields.One2many(
        "heat.tariff.formula.term", "formula_id", string="Index terms"
    )
    weight_total = fields.Float(compute="_compute_weight_total", digits=(6, 4))

    _sql_constraints = [
        (
            "network_component_unique",
            "unique(network_id, component)",
            "A network has one revision formula per tariff component.",
        ),
    ]

    @api.depends("fixed_part", "term_ids.weight")
    def _compute_weight_total(self):
        for formula in self:
            formula.weight_total = formula.fixed_part + sum(
                formula.term_ids.mapped("weight")
            )

    @api.constrains("fixed_part", "term_ids")
    def _check_weights(self):
        for formula in self:
            if abs(formula.weight_total - 1) > 1e-6:
                raise ValidationError(
                    self.env._(
                        "The revision formula of %(component)s on %(network)s: the "
                        "fixed part and the weights sum to %(total)s instead of 1.",
                        component=dict(COMPONENTS)[formula.component],
                        network=formula.network_id.display_name,
                        total=round(formula.weight_total, 4),
                    )
                )
