# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..domain.density import DEFAULT_THRESHOLD_MWH_PER_M


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
        for network in self:
            network.building_count = buildings.get(network, 0)
            network.substation_count = substations.get(network, 0)
            network.meter_count = meters.get(network, 0)

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
