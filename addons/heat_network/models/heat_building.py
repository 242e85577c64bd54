# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

ENERGIES = [
    ("heating_oil", "Heating oil"),
    ("propane", "Propane"),
    ("natural_gas", "Natural gas"),
    ("electricity", "Electricity"),
    ("wood", "Wood"),
    ("heat_pump", "Heat pump"),
    ("other", "Other"),
]
QUANTITY_UNITS = [
    ("litre", "Litres"),
    ("tonne", "Tonnes"),
    ("kwh", "kWh"),
    ("m3", "m³"),
]
#: Usual unit of each current energy, proposed when the energy is chosen.
ENERGY_UNIT = {
    "heating_oil": "litre",
    "propane": "tonne",
    "natural_gas": "kwh",
    "electricity": "kwh",
    "wood": "tonne",
    "heat_pump": "kwh",
    "other": "kwh",
}


class HeatBuilding(models.Model):
    _name = "heat.building"
    _description = "Building"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "network_id, reference, id"
    _check_company_auto = True
    _rec_names_search = ["reference", "name"]

    network_id = fields.Many2one(
        "heat.network",
        string="Network",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="network_id.company_id", store=True, precompute=True, index=True
    )
    reference = fields.Char(
        required=True,
        tracking=True,
        help="Reference of the building within the network, e.g. 7.13.",
    )
    name = fields.Char(required=True, tracking=True)
    category_id = fields.Many2one(
        "heat.building.category", string="Category", index=True, tracking=True
    )
    owner_id = fields.Many2one("res.partner", string="Owner", tracking=True)
    occupant_id = fields.Many2one("res.partner", string="Occupant", tracking=True)
    subscriber_role = fields.Selection(
        [("owner", "The owner"), ("occupant", "The occupant")],
        string="Subscriber is",
        required=True,
        default="owner",
        help="Who subscribes (and is billed): the owner or the occupant.",
    )
    subscriber_id = fields.Many2one(
        "res.partner",
        string="Subscriber",
        compute="_compute_subscriber_id",
        store=True,
        index=True,
    )
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    osm_url = fields.Char(
        string="OpenStreetMap", compute="_compute_osm_url", help="Place on the map."
    )
    current_energy = fields.Selection(
        ENERGIES, string="Current energy", tracking=True, help="Current heating energy."
    )
    current_quantity = fields.Float(
        string="Yearly quantity",
        digits=(16, 2),
        help="Yearly quantity of the current energy, in its own unit.",
    )
    current_unit = fields.Selection(
        QUANTITY_UNITS,
        string="Quantity unit",
        compute="_compute_current_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    estimated_need_mwh = fields.Float(
        string="Estimated need (MWh/year)",
        digits=(16, 2),
        tracking=True,
        aggregator="sum",
        help="Estimated yearly heat need of the building.",
    )
    state = fields.Selection(
        [
            ("prospect", "Prospect"),
            ("pledged", "Pledged"),
            ("subscribed", "Subscribed"),
            ("connected", "Connected"),
            ("declined", "Declined"),
        ],
        required=True,
        default="prospect",
        tracking=True,
        index=True,
    )
    substation_ids = fields.One2many(
        "heat.substation", "building_id", string="Sub-stations"
    )
    substation_count = fields.Integer(
        compute="_compute_substation_count", string="Sub-station count"
    )
    pledge_ids = fields.One2many("crm.lead", "heat_building_id", string="Pledges")
    pledge_count = fields.Integer(
        compute="_compute_pledge_count", string="Pledge count"
    )
    active = fields.Boolean(default=True)
    note = fields.Html()

    @api.depends("subscriber_role", "owner_id", "occupant_id")
    def _compute_subscriber_id(self):
        for building in self:
            building.subscriber_id = (
                building.occupant_id
                if building.subscriber_role == "occupant"
                else building.owner_id
            )

    @api.depends("latitude", "longitude")
    def _compute_osm_url(self):
        for building in self:
            if building.latitude or building.longitude:
                lat, lon = f"{building.latitude:.6f}", f"{building.longitude:.6f}"
                building.osm_url = (
                    f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}"
                    f"#map=18/{lat}/{lon}"
                )
            else:
                building.osm_url = False

    @api.depends("current_energy")
    def _compute_current_unit(self):
        for building in self:
            if building.current_energy:
                building.current_unit = ENERGY_UNIT[building.current_energy]

    def _compute_substation_count(self):
        counts = dict(
            self.env["heat.substation"]._read_group(
                [("building_id", "in", self.ids)], ["building_id"], ["__count"]
            )
        )
        for building in self:
            building.substation_count = counts.get(building, 0)

    def _compute_pledge_count(self):
        counts = dict(
            self.env["crm.lead"]._read_group(
                [("heat_building_id", "in", self.ids)],
                ["heat_building_id"],
                ["__count"],
            )
        )
        for building in self:
            building.pledge_count = counts.get(building, 0)

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for building in self:
            building.display_name = (
                f"{building.reference} {building.name}"
                if building.reference
                else building.name
            )

    @api.constrains("reference", "network_id")
    def _check_reference_unique(self):
        """Name the building in the message (the SQL constraint cannot)."""
        groups = self.with_context(active_test=False)._read_group(
            [
                ("network_id", "in", self.network_id.ids),
                ("reference", "in", self.mapped("reference")),
            ],
            ["network_id", "reference"],
            ["id:recordset"],
            having=[("__count", ">", 1)],
        )
        for network, reference, buildings in groups:
            raise ValidationError(
                self.env._(
                    "Buildings %(names)s of network %(network)s share the reference "
                    "%(reference)s: a reference must be unique within a network.",
                    names=", ".join(buildings.mapped("name")),
                    network=network.display_name,
                    reference=reference,
                )
            )

    @api.constrains("current_quantity", "current_energy", "estimated_need_mwh")
    def _check_quantities(self):
        for building in self:
            if building.estimated_need_mwh < 0:
                raise ValidationError(
                    self.env._(
                        "The estimated need of building %(name)s cannot be negative "
                        "(%(value)s MWh given).",
                        name=building.display_name,
                        value=building.estimated_need_mwh,
                    )
                )
            if building.current_quantity < 0 or (
                building.current_energy and building.current_quantity <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The yearly quantity of current energy of building %(name)s "
                        "must be positive (%(value)s given).",
                        name=building.display_name,
                        value=building.current_quantity,
                    )
                )

    @api.constrains("latitude", "longitude")
    def _check_coordinates(self):
        for building in self:
            if not (
                -90 <= building.latitude <= 90 and -180 <= building.longitude <= 180
            ):
                raise ValidationError(
                    self.env._(
                        "The GPS coordinates of building %(name)s are out of range "
                        "(latitude %(lat)s, longitude %(lon)s).",
                        name=building.display_name,
                        lat=building.latitude,
                        lon=building.longitude,
                    )
                )

    def action_open_map(self):
        self.ensure_one()
        if not self.osm_url:
            return False
        return {"type": "ir.actions.act_url", "url": self.osm_url, "target": "new"}

    def action_view_pledges(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "heat_network.heat_pledge_action"
        )
        action["domain"] = [("heat_building_id", "=", self.id)]
        action["context"] = {
            "default_heat_is_pledge": True,
            "default_heat_network_id": self.network_id.id,
            "default_heat_building_id": self.id,
            "default_partner_id": self.subscriber_id.id,
            "default_type": "opportunity",
        }
        return action

    def action_view_substations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "heat_network.heat_substation_action"
        )
        action["domain"] = [("building_id", "=", self.id)]
        action["context"] = {"default_building_id": self.id}
        return action
