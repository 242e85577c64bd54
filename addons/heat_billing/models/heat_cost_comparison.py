# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang

from ..domain import chart
from ..domain import comparison as cmp
from .heat_energy_reference import COMPARED_ENERGIES

# What the comparison's figures are computed from
# the French VAT rate on heat from a network mostly fed by renewable energy
REDUCED_VAT = 5.5
RESULT_INPUTS = (
    "useful_mwh",
    "subscribed_kw",
    "r1",
    "r2",
    "heat_vat_rate",
    "sundry_ttc",
    "investment",
    "discount_rate",
    "years",
    "heat_yearly_rise",
    "maintenance_rise",
    "reference_id",
)


class HeatCostComparison(models.Model):
    """The yearly cost of the heat network against a prospect's current heating
    ("coût global"), with the projection and the payback of the connection."""

    _name = "heat.cost.comparison"
    _description = "Heat cost comparison"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    def _default_network_id(self):
        """The company's network when it has only one."""
        networks = self.env["heat.network"].search(
            [("company_id", "=", self.env.company.id)], limit=2
        )
        return networks if len(networks) == 1 else False

    name = fields.Char(required=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    network_id = fields.Many2one(
        "heat.network",
        required=True,
        check_company=True,
        default=lambda self: self._default_network_id(),
    )
    building_id = fields.Many2one("heat.building", check_company=True)
    lead_id = fields.Many2one("crm.lead", string="Pledge", check_company=True)
    partner_id = fields.Many2one("res.partner", string="Prospect")
    energy = fields.Selection(
        COMPARED_ENERGIES,
        string="Current energy",
        required=True,
        default="heating_oil",
    )
    quantity = fields.Float(
        string="Yearly quantity",
        required=True,
        compute="_compute_quantity",
        store=True,
        readonly=False,
        precompute=True,
        help="Proposed for a typical house (the study's 2,000 litres of heating oil, "
        "i.e. 16.83 MWh of useful heat) when the energy or the network changes.",
    )
    reference_id = fields.Many2one(
        "heat.energy.reference",
        compute="_compute_reference_id",
        store=True,
        precompute=True,
    )
    unit = fields.Selection(related="reference_id.unit")
    useful_mwh = fields.Float(
        string="Useful heat (MWh/year)", compute="_compute_useful_mwh", store=True
    )
    subscribed_kw = fields.Float(
        string="Subscribed power (kW)",
        required=True,
        default=cmp.TYPICAL_HOUSE_KW,
        help="The power the building needs: 20 kW for the study's typical house.",
    )
    r1 = fields.Float(
        string="R1 (€ HT/MWh)",
        digits=(12, 4),
        required=True,
        compute="_compute_tariff_prices",
        store=True,
        readonly=False,
        precompute=True,
        help="The network's tariff in force on the comparison's date, else the price "
        "offered in its pledges.",
    )
    r2 = fields.Float(
        string="R2 (€ HT/kW/year)",
        digits=(12, 4),
        required=True,
        compute="_compute_tariff_prices",
        store=True,
        readonly=False,
        precompute=True,
        help="The network's tariff in force on the comparison's date, else the price "
        "offered in its pledges.",
    )
    heat_vat_rate = fields.Float(
        string="Heat VAT (%)",
        compute="_compute_tariff_prices",
        store=True,
        readonly=False,
        precompute=True,
    )
    heat_yearly_rise = fields.Float(
        string="Heat price rise (%/year)",
        default=2.0,
        help="Biomass: +2 % a year in the study.",
    )
    maintenance_rise = fields.Float(string="Maintenance rise (%/year)", default=2.0)
    sundry_ttc = fields.Float(string="Sundry costs avoided (€ TTC/year)")
    investment = fields.Monetary(
        string="One-off investment",
        help="What the connection costs the subscriber, e.g. a hot-water circuit in an "
        "electrically heated house.",
    )
    discount_rate = fields.Float(
        string="Discount rate (%)",
        default=3.0,
        help="The financing rate the savings are discounted at (3 % in the study).",
    )
    years = fields.Integer(string="Projection (years)", default=20)
    wood_share = fields.Float(
        string="Wood share of the heat price (%)",
        default=7.5,
        help="Used by the sensitivity line: +20 % on wood moves the price by this "
        "share × 20 %.",
    )
    network_total_ht = fields.Monetary(compute="_compute_totals", store=True)
    network_total_ttc = fields.Monetary(compute="_compute_totals", store=True)
    current_total_ht = fields.Monetary(compute="_compute_totals", store=True)
    current_total_ttc = fields.Monetary(compute="_compute_totals", store=True)
    network_ttc_per_mwh = fields.Monetary(compute="_compute_totals", store=True)
    current_ttc_per_mwh = fields.Monetary(compute="_compute_totals", store=True)
    saving_ttc = fields.Monetary(
        string="Saving, first year (€ TTC)", compute="_compute_totals", store=True
    )
    simple_payback = fields.Float(
        string="Simple payback (years)",
        compute="_compute_totals",
        store=True,
        help="Years: the investment over the first year's saving, with no price rise "
        "and no discounting. 0 when there is nothing to repay or no saving.",
    )
    discounted_payback = fields.Float(
        string="Discounted payback (years)",
        compute="_compute_totals",
        store=True,
        help="Years until the savings, with the yearly price rises and discounted at "
        "the discount rate, repay the investment. 0 when there is nothing to repay "
        "or when they do not repay it within the projection.",
    )
    input_problems = fields.Char(compute="_compute_display_results")
    simple_payback_text = fields.Char(
        string="Simple payback (investment / first-year savings)",
        compute="_compute_display_results",
    )
    discounted_payback_label = fields.Char(compute="_compute_display_results")
    discounted_payback_text = fields.Char(
        string="Discounted payback", compute="_compute_display_results"
    )
    projection_chart = fields.Html(
        string="Projection chart",
        compute="_compute_display_results",
        sanitize=False,  # our own SVG: every number and label is escaped
    )

    @api.depends("network_id", "energy", "date")
    def _compute_reference_id(self):
        Reference = self.env["heat.energy.reference"]
        for comparison in self:
            comparison.reference_id = (
                Reference._reference_for(
                    comparison.network_id, comparison.energy, comparison.date
                )
                if comparison.network_id and comparison.energy
                else False
            )

    @api.depends("network_id", "energy")
    def _compute_quantity(self):
        # Not on the date nor the reference: a quantity typed by the user stays when
        # the comparison's date (hence its reference price) changes.
        for comparison in self:
            per_unit = comparison.reference_id.useful_kwh_per_unit
            comparison.quantity = cmp.typical_quantity(per_unit) if per_unit else 0.0

    @api.depends("quantity", "reference_id.useful_kwh_per_unit")
    def _compute_useful_mwh(self):
        for comparison in self:
            comparison.useful_mwh = (
                comparison.quantity * comparison.reference_id.useful_kwh_per_unit / 1000
            )

    @api.depends("network_id", "date")
    def _compute_tariff_prices(self):
        """R1, R2 and VAT at once: one look-up of the tariff for the three."""
        for comparison in self:
            values = comparison._tariff_values()
            comparison.r1 = values.get("r1", comparison.r1)
            comparison.r2 = values.get("r2", comparison.r2)
            comparison.heat_vat_rate = values.get(
                "heat_vat_rate", comparison.heat_vat_rate or REDUCED_VAT
            )

    def _tariff_values(self):
        """R1, R2 and VAT of the network's tariff in force on the comparison's date,
        else the prices offered in its pledges at the reduced VAT; nothing without a
        network."""
        self.ensure_one()
        network = self.network_id
        if not network:
            return {}
        day = self.date or fields.Date.context_today(self)
        # the billing's own rule: the version in force on the day
        segments = self.env["heat.tariff"]._tariff_segments(network, day, day)
        if not segments[network.id]:
            return {
                "r1": network.pledge_r1,
                "r2": network.pledge_r2,
                "heat_vat_rate": REDUCED_VAT,
            }
        tariff = segments[network.id][-1][2]
        tax = tariff.tax_id
        rate = tax.amount if tax.amount_type == "percent" else REDUCED_VAT
        return {
            "r1": tariff.price_per_mwh,
            "r2": tariff.price_per_kw,
            "heat_vat_rate": rate,
        }

    @api.depends(*RESULT_INPUTS)
    def _compute_totals(self):
        for comparison in self:
            results = comparison._results(raise_if_invalid=False)
            if not results:
                comparison.update(
                    dict.fromkeys(
                        [
                            "network_total_ht",
                            "network_total_ttc",
                            "current_total_ht",
                            "current_total_ttc",
                            "network_ttc_per_mwh",
                            "current_ttc_per_mwh",
                            "saving_ttc",
                            "simple_payback",
                            "discounted_payback",
                        ],
                        0.0,
                    )
                )
                continue
            network, current = results["network"], results["current"]
            comparison.update(
                {
                    "network_total_ht": network.total_ht,
                    "network_total_ttc": network.total_ttc,
                    "current_total_ht": current.total_ht,
                    "current_total_ttc": current.total_ttc,
                    "network_ttc_per_mwh": network.ttc_per_mwh,
                    "current_ttc_per_mwh": current.ttc_per_mwh,
                    "saving_ttc": current.total_ttc - network.total_ttc,
                    "simple_payback": results["simple_payback"] or 0.0,
                    "discounted_payback": results["discounted_payback"] or 0.0,
                }
            )

    @api.depends("network_id", "energy", "quantity", *RESULT_INPUTS)
    @api.depends_context("lang")
    def _compute_display_results(self):
        for comparison in self:
            problems = comparison._problems()
            comparison.input_problems = (
                self.env._(
                    "Nothing to compare yet: %(problems)s.",
                    problems="; ".join(problems),
                )
                if problems
                else False
            )
            comparison.discounted_payback_label = self.env._(
                "Discounted payback (price rises, discounted at %(rate)s)",
                rate=comparison._format_percent(comparison.discount_rate),
            )
            results = {} if problems else comparison._results()
            comparison.simple_payback_text = (
                comparison._payback_text(results["simple_payback"], simple=True)
                if results
                else False
            )
            comparison.discounted_payback_text = (
                comparison._payback_text(results["discounted_payback"])
                if results
                else False
            )
            comparison.projection_chart = (
                comparison._projection_chart(results) if results else False
            )

    def _problems(self):
        self.ensure_one()
        problems = []
        if self.quantity <= 0:
            problems.append(self.env._("the yearly quantity must be positive"))
        if self.subscribed_kw <= 0:
            problems.append(self.env._("the subscribed power must be positive"))
        if not self.network_id:
            problems.append(self.env._("choose the heat network"))
            return problems
        if self.r1 <= 0 and self.r2 <= 0:
            problems.append(
                self.env._("enter R1 and R2: the network has no tariff yet")
            )
        if not self.reference_id:
            problems.append(
                self.env._(
                    "no reference price for this energy on %(date)s", date=self.date
                )
            )
        return problems

    def _results(self, raise_if_invalid=True):
        """The comparison's figures from the domain functions (unrounded)."""
        self.ensure_one()
        if self._problems():
            if raise_if_invalid:
                self._check_inputs()
            return {}
        ref = self.reference_id
        network = cmp.heat_network_cost(
            self.useful_mwh,
            self.subscribed_kw,
            self.r1,
            self.r2,
            self.heat_vat_rate / 100,
        )
        current = cmp.current_energy_cost(
            self.energy,
            self.useful_mwh,
            fuel_ttc=self.quantity * ref.price_ttc,
            fuel_vat_rate=ref.vat_rate / 100,
            standing_charge_ttc=ref.standing_charge_ttc,
            routine_maintenance_ht=ref.routine_maintenance_ht,
            routine_maintenance_vat_rate=ref.routine_maintenance_vat / 100,
            major_maintenance_ht=ref.major_maintenance_ht,
            major_maintenance_vat_rate=ref.major_maintenance_vat / 100,
            replacement_ttc=ref.replacement_ttc,
            replacement_vat_rate=ref.replacement_vat / 100,
            replacement_years=ref.replacement_years or 20,
            replacement_rate=ref.replacement_rate / 100,
            sundry_ttc=self.sundry_ttc,
        )
        years = max(self.years, 1)
        network_years = cmp.projection(
            network.total_ttc, self.heat_yearly_rise / 100, years
        )
        fuel = sum(
            line.amount_ttc
            for line in current.lines
            if line.label in ("fuel", "standing_charge")
        )
        other = current.total_ttc - fuel
        current_years = [
            f + o
            for f, o in zip(
                cmp.projection(fuel, ref.yearly_rise / 100, years),
                cmp.projection(other, self.maintenance_rise / 100, years),
                strict=True,
            )
        ]
        return {
            "network": network,
            "current": current,
            "network_years": network_years,
            "current_years": current_years,
            "simple_payback": cmp.simple_payback(
                self.investment, current.total_ttc - network.total_ttc
            ),
            "discounted_payback": cmp.discounted_payback(
                self.investment,
                network_years,
                current_years,
                discount_rate=self.discount_rate / 100,
            ),
            "cumulated_savings": cmp.cumulated_savings(
                network_years, current_years, self.investment
            ),
            "wood_sensitivity": cmp.sensitivity(self.wood_share / 100),
            "fuel_sensitivity": cmp.sensitivity(fuel / current.total_ttc),
        }

    def _check_inputs(self):
        """Raise one error listing every comparison with bad input."""
        errors = [
            self.env._(
                "%(name)s: %(problems)s",
                name=comparison.display_name,
                problems="; ".join(comparison._problems()),
            )
            for comparison in self
            if comparison._problems()
        ]
        if errors:
            raise UserError(
                self.env._(
                    "The comparison cannot be computed:\n%(errors)s",
                    errors="\n".join(errors),
                )
            )

    def action_print(self):
        self._check_inputs()
        return self.env.ref("heat_billing.heat_cost_comparison_report").report_action(
            self
        )

    @api.model
    def _prepare_from_building(self, building, lead=None):
        """Values of a new comparison for a building (and its pledge): what is known
        of the building; the network's tariff, the typical house's quantity and power
        fill the rest."""
        network = building.network_id
        energy = (lead and lead.heat_current_energy) or building.current_energy
        values = {
            "name": self.env._(
                "Comparison %(building)s", building=building.display_name
            ),
            "company_id": network.company_id.id,
            "network_id": network.id,
            "building_id": building.id,
            "lead_id": lead.id if lead else False,
            "partner_id": (lead.partner_id if lead else building.subscriber_id).id,
            "energy": energy if energy in dict(COMPARED_ENERGIES) else "heating_oil",
        }
        quantity = (lead and lead.heat_current_quantity) or building.current_quantity
        if quantity:
            values["quantity"] = quantity
        if lead and lead.heat_requested_kw:
            values["subscribed_kw"] = lead.heat_requested_kw
        return values

    def _open_form(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "name": self.env._("Cost comparison"),
        }

    def _report_values(self):
        """Figures of the printed comparison, rounded for display only."""
        self.ensure_one()
        results = self._results()
        network, current = results["network"], results["current"]

        def euros(amount):
            return f"{amount:,.0f}".replace(",", " ")

        def percent(rate):
            return f"{rate * 100:.1f} %".replace(".", ",")

        labels = {
            "energy": self.env._("Energy (R1)"),
            "subscription": self.env._("Subscription (R2)"),
            "fuel": self.env._("Fuel"),
            "standing_charge": self.env._("Standing charge"),
            "routine_maintenance": self.env._("Routine maintenance"),
            "major_maintenance": self.env._("Major maintenance"),
            "replacement": self.env._("Boiler replacement (annuity)"),
            "sundry": self.env._("Sundry costs"),
        }
        rows = []
        for line in network.lines:
            rows.append(
                {
                    "label": labels[line.label],
                    "vat": percent(line.vat_rate),
                    "net_ht": euros(line.amount_ht),
                    "net_ttc": euros(line.amount_ttc),
                    "cur_ht": "",
                    "cur_ttc": "",
                }
            )
        for line in current.lines:
            rows.append(
                {
                    "label": labels[line.label],
                    "vat": percent(line.vat_rate),
                    "net_ht": "",
                    "net_ttc": "",
                    "cur_ht": euros(line.amount_ht),
                    "cur_ttc": euros(line.amount_ttc),
                }
            )
        projection, cumulated = [], 0.0
        for year, (net, cur) in enumerate(
            zip(results["network_years"], results["current_years"], strict=True), 1
        ):
            cumulated += cur - net
            projection.append(
                {
                    "year": year,
                    "network": euros(net),
                    "current": euros(cur),
                    "cumulated": euros(cumulated - self.investment),
                }
            )

        energy = dict(self._fields["energy"]._description_selection(self.env))
        unit = dict(self.reference_id._fields["unit"]._description_selection(self.env))
        return {
            "energy": energy[self.energy].lower(),
            "useful_mwh": f"{self.useful_mwh:.2f}".replace(".", ","),
            "quantity": f"{euros(self.quantity)} {unit.get(self.unit, '')}",
            "rows": rows,
            "net_total_ht": euros(network.total_ht),
            "net_total_ttc": euros(network.total_ttc),
            "cur_total_ht": euros(current.total_ht),
            "cur_total_ttc": euros(current.total_ttc),
            "net_per_mwh": euros(network.ttc_per_mwh),
            "cur_per_mwh": euros(current.ttc_per_mwh),
            "saving": euros(current.total_ttc - network.total_ttc),
            "investment": euros(self.investment) if self.investment else "",
            "simple_payback": self._payback_text(
                results["simple_payback"], simple=True
            ),
            "discounted_payback": self._payback_text(results["discounted_payback"]),
            "discounted_payback_label": self.discounted_payback_label,
            "chart": self.projection_chart,
            "projection": projection,
            "wood_sensitivity": percent(results["wood_sensitivity"]),
            "fuel_sensitivity": percent(results["fuel_sensitivity"]),
            "heat_vat": percent(self.heat_vat_rate / 100),
        }

    def _format_percent(self, rate):
        """``rate`` (in %) as the user reads it: "3 %", "3,5 %" in French."""
        digits = 0 if float(rate).is_integer() else 1
        return f"{formatLang(self.env, rate, digits=digits)} %"

    def _payback_text(self, years, simple=False):
        """A payback in words: years with one decimal, or why there is none."""
        self.ensure_one()
        if not self.investment:
            return self.env._("immediate: no investment to repay")
        if years is None:
            if simple:
                return self.env._("never: no saving")
            return self.env._("beyond %(years)s years", years=self.years)
        shown = formatLang(self.env, years, digits=1)
        return self.env._("%(years)s years", years=shown)

    def _projection_chart(self, results):
        """The projection as inline SVG bar charts (screen and PDF): the yearly cost
        of both heatings, then the cumulated savings less the investment."""
        self.ensure_one()
        energy = dict(self._fields["energy"]._description_selection(self.env))

        def euros(amount):
            return f"{formatLang(self.env, amount, digits=0)} €"

        years = list(range(1, len(results["network_years"]) + 1))
        costs = [
            (
                "network",
                self.env._("Heat network (€ TTC/year)"),
                "#2e7d32",
                results["network_years"],
            ),
            (
                "current",
                self.env._("%(energy)s (€ TTC/year)", energy=energy[self.energy]),
                "#c0392b",
                results["current_years"],
            ),
        ]
        savings = [
            (
                "savings",
                self.env._("Cumulated savings less the investment (€ TTC)"),
                "#1f6f9f",
                results["cumulated_savings"],
            ),
        ]
        drawn = []
        for series, title, height in (
            (costs, self.env._("Yearly cost of heating, price rises included"), 260),
            (savings, self.env._("Cumulated savings less the investment"), 200),
        ):
            drawn.append(chart.legend_html(series))
            drawn.append(
                chart.bar_chart_svg(
                    years, series, title=title, value_format=euros, height=height
                )
            )
        # the chart module escapes every label and number it draws
        return Markup('<div class="o_heat_projection_chart">{}</div>').format(
            Markup("".join(drawn))
        )
