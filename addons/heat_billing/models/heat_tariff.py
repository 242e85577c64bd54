# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..domain import tariff as tariff_domain

# R24 (financing) is never revalued; it is kept as it is by domain.tariff.revise
REVISABLE = ("r1", "r21", "r22", "r23", "r24", "r21_r22_per_mwh")


class HeatTariff(models.Model):
    """A dated version of a network's binomial tariff (R1 per MWh, R2 per kW/year)."""

    _name = "heat.tariff"
    _description = "Heat tariff version"
    _inherit = ["mail.thread"]
    _order = "network_id, date_start desc"
    _check_company_auto = True

    network_id = fields.Many2one(
        "heat.network", required=True, index=True, check_company=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date(
        string="Valid from",
        required=True,
        tracking=True,
        help="The version applies from this day until the next version of the network.",
    )
    structure = fields.Selection(
        [
            ("classic", "Classic (R1 per MWh, R2 per kW)"),
            ("alternative", "Alternative (R21 + R22 with the energy)"),
        ],
        required=True,
        default="classic",
        tracking=True,
        help="Classic: R1 per MWh and R21 to R24 per kW of subscribed power. "
        "Alternative (45-network study): R21 and R22 are billed per MWh with the "
        "energy and only R23 and R24 stay per kW.",
    )
    r1 = fields.Float(
        string="R1 (€ HT/MWh)", digits=(12, 4), required=True, tracking=True
    )
    r21 = fields.Float(string="R21 electricity (€ HT/kW/year)", digits=(12, 4))
    r22 = fields.Float(string="R22 operation (€ HT/kW/year)", digits=(12, 4))
    r23 = fields.Float(string="R23 major maintenance (€ HT/kW/year)", digits=(12, 4))
    r24 = fields.Float(string="R24 financing (€ HT/kW/year)", digits=(12, 4))
    r21_r22_per_mwh = fields.Float(
        string="R21 + R22 per MWh (€ HT/MWh)",
        digits=(12, 4),
        help="With the alternative structure, what R21 and R22 cost per MWh delivered.",
    )
    r2 = fields.Float(
        string="R2 (€ HT/kW/year)", digits=(12, 4), compute="_compute_unit_prices"
    )
    price_per_mwh = fields.Float(
        string="Energy price (€ HT/MWh)", digits=(12, 4), compute="_compute_unit_prices"
    )
    price_per_kw = fields.Float(
        string="Power price (€ HT/kW/year)",
        digits=(12, 4),
        compute="_compute_unit_prices",
    )
    tax_id = fields.Many2one(
        "account.tax",
        string="VAT",
        required=True,
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
        default=lambda self: self._default_tax_id(),
        help="5.5 % when the network is mostly fed by renewable energy.",
    )

    revised_from_id = fields.Many2one(
        "heat.tariff", string="Revised from", readonly=True, copy=False
    )
    revision_note = fields.Text(
        string="Revision computation",
        readonly=True,
        copy=False,
        help="The index values and coefficients this version was computed with.",
    )

    _sql_constraints = [
        (
            "network_date_unique",
            "unique(network_id, date_start)",
            "A network has one tariff version per start date.",
        ),
    ]

    @api.model
    def _default_tax_id(self):
        tax = self.env["account.chart.template"].ref(
            "tva_reduite", raise_if_not_found=False
        )
        if not tax:
            tax = (
                self.env["account.tax"]
                .with_context(active_test=False)
                .search(
                    [
                        ("company_id", "=", self.env.company.id),
                        ("type_tax_use", "=", "sale"),
                        ("amount", "=", 5.5),
                        ("price_include", "=", False),
                    ],
                    limit=1,
                )
            )
        if tax and not tax.active:
            tax.sudo().active = True
        return tax

    @api.depends("structure", "r1", "r21", "r22", "r23", "r24", "r21_r22_per_mwh")
    def _compute_unit_prices(self):
        for tariff in self:
            tariff.r2 = tariff.r21 + tariff.r22 + tariff.r23 + tariff.r24
            tariff.price_per_mwh, tariff.price_per_kw = tariff_domain.unit_prices(
                tariff.structure,
                tariff.r1,
                tariff.r21,
                tariff.r22,
                tariff.r23,
                tariff.r24,
                tariff.r21_r22_per_mwh,
            )

    @api.depends("network_id", "date_start")
    def _compute_display_name(self):
        for tariff in self:
            tariff.display_name = self.env._(
                "%(network)s from %(date)s",
                network=tariff.network_id.code or tariff.network_id.name or "",
                date=tariff.date_start or "",
            )

    @api.constrains("structure", "r1", "r21", "r22", "r23", "r24", "r21_r22_per_mwh")
    def _check_prices(self):
        for tariff in self:
            prices = (tariff.r1, tariff.r21, tariff.r22, tariff.r23, tariff.r24)
            if min(prices) < 0 or tariff.r21_r22_per_mwh < 0:
                raise ValidationError(
                    self.env._(
                        "Tariff %(tariff)s: prices cannot be negative.",
                        tariff=tariff.display_name,
                    )
                )
            if tariff.structure == "alternative" and not tariff.r21_r22_per_mwh:
                raise ValidationError(
                    self.env._(
                        "Tariff %(tariff)s: the alternative structure needs the price "
                        "of R21 + R22 per MWh.",
                        tariff=tariff.display_name,
                    )
                )

    def _tariff_segments(self, networks, date_from, date_to):
        """``{network_id: [(start, end_inclusive, tariff)]}`` over the period: a period
        that straddles a new version is split at its start date. One query."""
        tariffs = self.search(
            [("network_id", "in", networks.ids), ("date_start", "<=", date_to)],
            order="network_id, date_start",
        )
        result = {}
        for network in networks:
            versions = tariffs.filtered(lambda t, n=network: t.network_id == n)
            segments = []
            for index, version in enumerate(versions):
                following = versions[index + 1] if index + 1 < len(versions) else None
                start = max(version.date_start, date_from)
                end = date_to
                if following:
                    end = min(
                        date_to, fields.Date.subtract(following.date_start, days=1)
                    )
                if start <= end:
                    segments.append((start, end, version))
            result[network.id] = segments
        return result

    def _heat_revision(self, day):
        """Values of the version revised with the last index values published on or
        before ``day``, and the lines of its computation (for audit)."""
        self.ensure_one()
        formulas = self.env["heat.tariff.formula"].search(
            [("network_id", "=", self.network_id.id)]
        )
        latest = formulas.term_ids.series_id._heat_latest_values(day)
        missing = formulas.term_ids.filtered(lambda t: t.series_id.id not in latest)
        if missing:
            raise UserError(
                self.env._(
                    "No value on or before %(date)s for: %(series)s (formulas of "
                    "%(network)s). Enter the published values first.",
                    date=day,
                    series=", ".join(sorted(set(missing.series_id.mapped("name")))),
                    network=self.network_id.display_name,
                )
            )
        coefficients, lines = {}, []
        labels = dict(self.env["heat.tariff.formula"]._fields["component"].selection)
        for formula in formulas:
            terms = [
                (t.weight, t.base_value, latest[t.series_id.id][1])
                for t in formula.term_ids
            ]
            coefficient = tariff_domain.revision_coefficient(formula.fixed_part, terms)
            coefficients[formula.component] = coefficient
            detail = " + ".join(
                f"{t.weight:g} × {t.series_id.name} "
                f"{latest[t.series_id.id][1]:g} ({latest[t.series_id.id][0]}) "
                f"/ {t.base_value:g}"
                for t in formula.term_ids
            )
            lines.append(
                f"{labels[formula.component]}: {formula.fixed_part:g} + {detail} "
                f"= {coefficient:.5f}"
            )
        components = {name: self[name] for name in REVISABLE}
        revised = tariff_domain.revise(components, coefficients)
        for name in REVISABLE:
            lines.append(
                f"{name.upper()}: {components[name]:.4f} → {revised[name]:.4f}"
            )
        values = dict(revised, date_start=day, revised_from_id=self.id)
        values["revision_note"] = "\n".join(lines)
        return values

    def _heat_revise(self, day):
        """Create the revised version starting on ``day``."""
        self.ensure_one()
        if day <= self.date_start:
            raise UserError(
                self.env._(
                    "The revised version must start after %(date)s, the start of "
                    "%(tariff)s.",
                    date=self.date_start,
                    tariff=self.display_name,
                )
            )
        return self.copy(self._heat_revision(day))
