# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date, formatLang

COMPARED_ENERGIES = [
    ("heating_oil", "Heating oil"),
    ("propane", "Propane"),
    ("natural_gas", "Natural gas"),
    ("electricity", "Electricity"),
]


class HeatEnergyReference(models.Model):
    """Dated reference prices, conversion factors and hypotheses of an energy that
    prospects compare the heat network with."""

    _name = "heat.energy.reference"
    _description = "Reference price of a heating energy"
    _order = "energy, date_start desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    network_id = fields.Many2one(
        "heat.network",
        check_company=True,
        help="Leave empty for the operator's default, used by every network.",
    )
    date_start = fields.Date(string="Valid from", required=True)
    energy = fields.Selection(COMPARED_ENERGIES, required=True)
    unit = fields.Selection(
        [("litre", "Litre"), ("tonne", "Tonne"), ("kwh", "kWh"), ("m3", "m³")],
        required=True,
    )
    price_ttc = fields.Float(
        string="Price (€ TTC per unit)", digits=(12, 4), required=True
    )
    vat_rate = fields.Float(string="VAT of the fuel (%)", default=20.0)
    useful_kwh_per_unit = fields.Float(
        string="Useful kWh per unit",
        digits=(12, 4),
        required=True,
        help="Useful heat given by one unit: energy content × seasonal efficiency "
        "(8.415 kWh per litre of heating oil in the La Chaise-Dieu study).",
    )
    standing_charge_ttc = fields.Float(string="Standing charge (€ TTC/year)")
    routine_maintenance_ht = fields.Float(string="Routine maintenance (€ HT/year)")
    routine_maintenance_vat = fields.Float(
        string="Routine maintenance VAT (%)", default=10.0
    )
    major_maintenance_ht = fields.Float(string="Major maintenance (€ HT/year)")
    major_maintenance_vat = fields.Float(
        string="Major maintenance VAT (%)", default=20.0
    )
    replacement_ttc = fields.Float(string="Boiler replacement (€ TTC)")
    replacement_vat = fields.Float(string="Boiler replacement VAT (%)", default=10.0)
    replacement_years = fields.Integer(
        string="Replacement financed over (years)", default=20
    )
    replacement_rate = fields.Float(
        string="Replacement financing rate (%)", default=3.0
    )
    yearly_rise = fields.Float(string="Yearly price rise (%)", default=4.0)

    @api.depends("energy", "price_ttc", "unit", "date_start")
    def _compute_display_name(self):
        energies = dict(self._fields["energy"]._description_selection(self.env))
        units = dict(self._fields["unit"]._description_selection(self.env))
        for reference in self:
            reference.display_name = self.env._(
                "%(energy)s, %(price)s € TTC per %(unit)s from %(date)s",
                energy=energies.get(reference.energy, ""),
                price=formatLang(self.env, reference.price_ttc, digits=4),
                unit=units.get(reference.unit, ""),
                date=format_date(self.env, reference.date_start),
            )

    @api.constrains("price_ttc", "useful_kwh_per_unit", "replacement_years")
    def _check_positive(self):
        for reference in self:
            if reference.price_ttc <= 0 or reference.useful_kwh_per_unit <= 0:
                raise ValidationError(
                    self.env._(
                        "Reference %(energy)s from %(date)s: the price and the useful "
                        "energy per unit must be positive.",
                        energy=reference.energy,
                        date=reference.date_start,
                    )
                )
            if reference.replacement_ttc and reference.replacement_years <= 0:
                raise ValidationError(
                    self.env._(
                        "Reference %(energy)s from %(date)s: the boiler replacement "
                        "needs a number of years.",
                        energy=reference.energy,
                        date=reference.date_start,
                    )
                )

    @api.model
    def _reference_for(self, network, energy, on_date):
        """The reference in force: the network's own, else the operator's default."""
        domain = [
            ("energy", "=", energy),
            ("date_start", "<=", on_date),
            ("company_id", "=", network.company_id.id),
        ]
        own = self.search(domain + [("network_id", "=", network.id)], limit=1)
        return own or self.search(domain + [("network_id", "=", False)], limit=1)
