# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..domain import yearly_report


def _dec(value):
    return Decimal(str(value or 0))


class HeatNetworkYearlyReport(models.TransientModel):
    _name = "heat.network.yearly.report"
    _description = "Yearly report of a heat network"
    _check_company_auto = True

    def _default_year(self):
        return fields.Date.context_today(self).year - 1

    network_id = fields.Many2one(
        "heat.network", string="Network", required=True, check_company=True
    )
    company_id = fields.Many2one(related="network_id.company_id")
    year = fields.Integer(required=True, default=_default_year)
    date_from = fields.Date(
        string="From",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="First day of the period, the 1st of January of the year unless "
        "changed (e.g. a heating season from October to September).",
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Last day of the period (included).",
    )
    accounts_balanced = fields.Boolean(
        string="Accounts balanced",
        help="Tick when the network's accounts of the period balance its revenue and "
        "its costs, one of the criteria of the classement of a heat network.",
    )

    @api.depends("year")
    def _compute_dates(self):
        for wizard in self:
            if wizard.year and 1900 <= wizard.year <= 2200:
                wizard.date_from = date(wizard.year, 1, 1)
                wizard.date_to = date(wizard.year, 12, 31)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._(
                        "The yearly report's period ends (%(end)s) before it starts "
                        "(%(start)s).",
                        end=wizard.date_to,
                        start=wizard.date_from,
                    )
                )

    def action_print(self):
        """The survey workbook of the network over the period."""
        self.ensure_one()
        self.network_id.check_access("read")
        return self.env.ref(
            "heat_metering.heat_network_yearly_survey_xlsx_report"
        ).report_action(self)

    # ------------------------------------------------------------ figures

    def _prepare_wood_burnt(self, network, production):
        """``([(fuel, kwh PCI)], source)``: the wood burnt over the period, from the
        wood deliveries' tonnes and PCI (what the KPIs count) when any were
        recorded, else from the wood boilers' production and seasonal efficiency."""
        groups = self.env["heat.wood.delivery"]._read_group(
            [
                ("network_id", "=", network.id),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            ["fuel_type"],
            ["energy_mwh:sum"],
        )
        if groups:
            return [
                (yearly_report.WOOD_DELIVERY_FUELS[fuel_type], _dec(mwh) * 1000)
                for fuel_type, mwh in groups
            ], "deliveries"
        return self._prepare_boilers_burnt(
            network.plant_ids.boiler_ids.filtered("is_renewable"), production
        ), "production"

    def _prepare_boilers_burnt(self, boilers, production):
        """``[(fuel, kwh PCI)]`` burnt by ``boilers``: their heat produced over their
        seasonal efficiency."""
        return [
            (
                boiler.fuel,
                yearly_report.energy_input_kwh(
                    _dec(production["boilers"].get(boiler.id)),
                    _dec(boiler.seasonal_efficiency),
                ),
            )
            for boiler in boilers
            if production["boilers"].get(boiler.id)
        ]

    def _prepare_delivery_points(self, substations, consumption):
        """One dict per sub-station of the network: its sector, heat delivered,
        whether it was a delivery point in the period and metered throughout."""
        points = []
        for substation in substations:
            installations = [
                (i.date_start, i.date_end or None) for i in substation.installation_ids
            ]
            window = yearly_report.delivery_window(
                substation.state,
                substation.commissioning_date,
                installations,
                self.date_from,
                self.date_to,
            )
            category = substation.building_id.category_id
            points.append(
                {
                    "substation": substation,
                    "category": category.name or "",
                    "sector": category.survey_sector or "other",
                    "kwh": _dec(consumption[substation.id]["kwh"]),
                    "estimated": bool(consumption[substation.id]["estimated"]),
                    "active": bool(window),
                    "metered": bool(
                        window and yearly_report.is_metered(installations, *window)
                    ),
                }
            )
        return points

    def _prepare_survey_values(self):
        """The survey's figures over the period, as plain values; the delivered,
        produced and losses are the network's KPIs of the period."""
        self.ensure_one()
        network = self.network_id
        company = network.company_id
        kpis = network._heat_kpis(self.date_from, self.date_to)[network.id]
        substations = network.substation_ids
        consumption = substations._heat_consumption(self.date_from, self.date_to)
        production = network._heat_production(self.date_from, self.date_to)[network.id]
        points = self._prepare_delivery_points(substations, consumption)
        sectors = yearly_report.sector_totals(
            (point["sector"], point["kwh"]) for point in points
        )
        delivered_kwh = _dec(kpis["delivered_mwh"]) * 1000
        wood_burnt, wood_source = self._prepare_wood_burnt(network, production)
        backup_boilers = network.plant_ids.boiler_ids.filtered(
            lambda b: not b.is_renewable
        )
        backup_burnt = self._prepare_boilers_burnt(backup_boilers, production)
        emissions, content = yearly_report.co2_content(
            wood_burnt + backup_burnt, delivered_kwh
        )
        share = yearly_report.renewable_share(
            _dec(kpis["produced_wood_mwh"]), _dec(kpis["produced_mwh"])
        )
        active = [point for point in points if point["active"]]
        metered = [point for point in active if point["metered"]]
        return {
            "network": network,
            "company": company,
            "siren": company._heat_siren() or "",
            "date_from": self.date_from,
            "date_to": self.date_to,
            "length_km": network.length_m / 1000,
            "delivery_point_count": len(active),
            "metered_count": len(metered),
            "delivery_points": points,
            "sectors_mwh": {key: kwh / 1000 for key, kwh in sectors.items()},
            "delivered_mwh": kpis["delivered_mwh"],
            "produced_mwh": kpis["produced_mwh"],
            "produced_wood_mwh": kpis["produced_wood_mwh"],
            "produced_backup_mwh": kpis["produced_backup_mwh"],
            "backup_fuels": backup_boilers.mapped("fuel"),
            "losses_mwh": kpis["losses_mwh"],
            "efficiency": kpis["efficiency"],
            "wood_tonnes": kpis["wood_tonnes"],
            "renewable_share": share,
            "burnt": [(fuel, kwh / 1000, wood_source) for fuel, kwh in wood_burnt]
            + [(fuel, kwh / 1000, "production") for fuel, kwh in backup_burnt],
            "emissions_t": emissions / 1000,
            "co2_kg_per_kwh": content,
            "criteria": yearly_report.classement_criteria(
                share, len(metered), len(active), self.accounts_balanced
            ),
            "estimated": kpis["estimated"],
        }
