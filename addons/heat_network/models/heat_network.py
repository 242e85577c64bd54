# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models

from ..domain.density import (
    DEFAULT_THRESHOLD_MWH_PER_M,
    committed_energy,
    feasibility,
    share,
    thermal_density,
)
from ..domain.subscribed_power import power_at


class HeatNetwork(models.Model):
    _name = "heat.network"
    _description = "Heat network"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "code, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code of the network, unique within the operator.",
    )
    commune = fields.Char(help="Commune (municipality) served by the network.")
    state = fields.Selection(
        [
            ("study", "Study"),
            ("construction", "Construction"),
            ("service", "In service"),
            ("closed", "Closed"),
        ],
        required=True,
        default="study",
        tracking=True,
    )
    commissioning_date = fields.Date(tracking=True)
    description = fields.Html()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Operator",
        required=True,
        default=lambda self: self.env.company,
        help="The operator (a company of this database) running the network.",
    )
    density_threshold = fields.Float(
        string="Density threshold (MWh/m)",
        digits=(16, 2),
        default=DEFAULT_THRESHOLD_MWH_PER_M,
        required=True,
        help="Thermal density below which the project is a no-go; 2.5 MWh per metre "
        "is the cap of the ADEME Fonds Chaleur subsidies.",
    )
    plant_ids = fields.One2many("heat.plant", "network_id", string="Plants")
    segment_ids = fields.One2many("heat.pipe.segment", "network_id", string="Segments")
    building_ids = fields.One2many("heat.building", "network_id", string="Buildings")
    substation_ids = fields.One2many(
        "heat.substation", "network_id", string="Sub-stations"
    )
    length_m = fields.Float(
        string="Length (m)",
        digits=(16, 1),
        compute="_compute_length_m",
        store=True,
        aggregator="sum",
        help="Sum of the lengths of the network's pipe segments.",
    )
    building_count = fields.Integer(compute="_compute_counts", string="Building count")
    substation_count = fields.Integer(
        compute="_compute_counts", string="Sub-station count"
    )
    meter_count = fields.Integer(compute="_compute_counts", string="Meter count")
    pledge_ids = fields.One2many("crm.lead", "heat_network_id", string="Pledges")
    pledge_count = fields.Integer(compute="_compute_counts", string="Pledge count")
    pledge_r1 = fields.Float(
        string="Pledge R1 (EUR excl. VAT/MWh)",
        digits=(16, 2),
        help="Energy price offered by default in the connection pledges.",
    )
    pledge_r2 = fields.Float(
        string="Pledge R2 (EUR excl. VAT/kW/year)",
        digits=(16, 2),
        help="Subscription price offered by default in the connection pledges.",
    )
    # Feasibility dashboard
    pledged_building_count = fields.Integer(
        compute="_compute_feasibility",
        string="Committed buildings",
        help="Buildings pledged, subscribed or connected.",
    )
    pledged_share = fields.Float(
        compute="_compute_feasibility",
        string="Share of buildings pledged",
        help="Committed buildings over all the buildings of the network.",
    )
    pledged_mwh = fields.Float(
        compute="_compute_feasibility",
        string="Pledged MWh/year",
        digits=(16, 1),
        help="Yearly energy of the pledged, subscribed or connected buildings: the "
        "signed pledge's estimate when there is one, else the building's.",
    )
    pledged_kw = fields.Float(
        compute="_compute_feasibility",
        string="Pledged kW",
        digits=(16, 1),
        help="Power requested in the signed pledges, else the subscribed power.",
    )
    pledged_density = fields.Float(
        compute="_compute_feasibility",
        string="Thermal density (MWh/m)",
        digits=(16, 3),
        help="Pledged or connected MWh per year divided by the network length.",
    )
    feasibility = fields.Selection(
        [("go", "Go"), ("no_go", "No go"), ("unknown", "No length yet")],
        compute="_compute_feasibility",
        help="Go when the thermal density reaches the threshold; a network past its "
        "study (under construction, in service or closed) has no verdict.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(company_id, code)",
            "The code of a heat network must be unique per operator.",
        ),
        (
            "density_threshold_positive",
            "CHECK(density_threshold > 0)",
            "The density threshold of a heat network must be positive.",
        ),
    ]

    @api.depends("segment_ids.length_m")
    def _compute_length_m(self):
        # One query for the segments of every network (prefetch), works on new records.
        for network in self:
            network.length_m = sum(network.segment_ids.mapped("length_m"))

    def _compute_counts(self):
        buildings = dict(
            self.env["heat.building"]._read_group(
                [("network_id", "in", self.ids)], ["network_id"], ["__count"]
            )
        )
        substations = dict(
            self.env["heat.substation"]._read_group(
                [("network_id", "in", self.ids)], ["network_id"], ["__count"]
            )
        )
        meters = dict(
            self.env["heat.meter.installation"]._read_group(
                [("substation_id.network_id", "in", self.ids)],
                ["network_id"],
                ["meter_id:count_distinct"],
            )
        )
        pledges = dict(
            self.env["crm.lead"]._read_group(
                [("heat_network_id", "in", self.ids), ("heat_is_pledge", "=", True)],
                ["heat_network_id"],
                ["__count"],
            )
        )
        for network in self:
            network.pledge_count = pledges.get(network, 0)
            network.building_count = buildings.get(network, 0)
            network.substation_count = substations.get(network, 0)
            network.meter_count = meters.get(network, 0)

    @api.depends(
        "state",
        "length_m",
        "density_threshold",
        "building_ids.state",
        "building_ids.estimated_need_mwh",
    )
    def _compute_feasibility(self):
        """A constant number of queries whatever the number of networks."""
        rows = self.env["heat.building"].search_read(
            [("network_id", "in", self.ids)],
            ["network_id", "state", "estimated_need_mwh"],
        )
        pledges = {}
        for lead in self.env["crm.lead"].search_read(
            [
                ("heat_network_id", "in", self.ids),
                ("heat_is_pledge", "=", True),
                ("heat_pledge_date", "!=", False),
            ],
            ["heat_building_id", "heat_estimated_mwh", "heat_requested_kw"],
            order="heat_pledge_date, id",
        ):
            if lead["heat_building_id"]:
                pledges[lead["heat_building_id"][0]] = lead
        subscribed = self._heat_subscribed_kw_by_building()
        per_network = defaultdict(list)
        for row in rows:
            pledge = pledges.get(row["id"])
            per_network[row["network_id"][0]].append(
                {
                    "state": row["state"],
                    "need_mwh": row["estimated_need_mwh"],
                    "pledge_mwh": pledge["heat_estimated_mwh"] if pledge else None,
                    "pledge_kw": pledge["heat_requested_kw"] if pledge else None,
                    "subscribed_kw": subscribed.get(row["id"], 0.0),
                }
            )
        for network in self:
            buildings = per_network.get(network._origin.id, [])
            committed = committed_energy(buildings)
            network.pledged_building_count = committed["count"]
            network.pledged_share = share(committed["count"], len(buildings))
            network.pledged_mwh = committed["mwh"]
            network.pledged_kw = committed["kw"]
            network.pledged_density = (
                thermal_density(committed["mwh"], network.length_m) or 0.0
            )
            network.feasibility = feasibility(
                committed["mwh"],
                network.length_m,
                network.density_threshold,
                network.state,
            )

    def _heat_subscribed_kw_by_building(self):
        """Subscribed power in force today, per building id, in one query."""
        today = fields.Date.context_today(self)
        changes = defaultdict(list)
        for line in self.env["heat.substation.power"].search_read(
            [
                ("substation_id.network_id", "in", self.ids),
                ("substation_id.state", "!=", "closed"),
                ("decision", "=", "accepted"),
                ("date_start", "<=", today),
            ],
            ["substation_id", "date_start", "power_kw"],
        ):
            changes[line["substation_id"][0]].append(
                (line["date_start"], line["power_kw"])
            )
        substations = self.env["heat.substation"].browse(list(changes))
        result = defaultdict(float)
        for substation in substations:
            result[substation.building_id.id] += power_at(changes[substation.id], today)
        return result

    @api.depends("code", "name")
    def _compute_display_name(self):
        for network in self:
            network.display_name = (
                f"[{network.code}] {network.name}" if network.code else network.name
            )

    def _action_open(self, xmlid, domain, context=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = dict(context or {})
        return action

    def action_view_buildings(self):
        self.ensure_one()
        return self._action_open(
            "heat_network.heat_building_action",
            [("network_id", "=", self.id)],
            {"default_network_id": self.id},
        )

    def action_view_substations(self):
        self.ensure_one()
        return self._action_open(
            "heat_network.heat_substation_action",
            [("network_id", "=", self.id)],
        )

    def action_view_pledges(self):
        self.ensure_one()
        return self._action_open(
            "heat_network.heat_pledge_action",
            [("heat_network_id", "=", self.id), ("heat_is_pledge", "=", True)],
            {"default_heat_network_id": self.id, "default_heat_is_pledge": True},
        )

    def action_view_pledge_analysis(self):
        self.ensure_one()
        return self._action_open(
            "heat_network.heat_pledge_analysis_action",
            [("heat_network_id", "=", self.id), ("heat_is_pledge", "=", True)],
        )

    def action_view_meters(self):
        self.ensure_one()
        meters = (
            self.env["heat.meter.installation"]
            .search([("network_id", "=", self.id)])
            .meter_id
        )
        return self._action_open(
            "heat_network.heat_meter_action", [("id", "in", meters.ids)]
        )
