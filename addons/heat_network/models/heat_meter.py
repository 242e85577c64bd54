# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SECONDARY_ADDRESS = re.compile(r"^[0-9A-Fa-f]{8}([0-9A-Fa-f]{8})?$")


class HeatMeter(models.Model):
    _name = "heat.meter"
    _description = "Heat meter"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "serial_number, id"
    _rec_name = "serial_number"
    _check_company_auto = True

    serial_number = fields.Char(required=True, tracking=True)
    manufacturer = fields.Char(tracking=True)
    model = fields.Char(tracking=True)
    unit = fields.Selection(
        [("wh", "Wh"), ("kwh", "kWh"), ("mwh", "MWh"), ("gj", "GJ")],
        required=True,
        default="kwh",
        tracking=True,
        help="Unit of the energy index displayed by the meter.",
    )
    mbus_primary_address = fields.Integer(
        string="M-Bus primary address", help="Primary address on the M-Bus (0-250)."
    )
    mbus_secondary_address = fields.Char(
        string="M-Bus secondary address",
        help="Secondary address: 8 hexadecimal digits (identification number), "
        "optionally followed by manufacturer, version and medium (16 digits).",
    )
    installation_ids = fields.One2many(
        "heat.meter.installation", "meter_id", string="Installations"
    )
    substation_id = fields.Many2one(
        "heat.substation",
        string="Current sub-station",
        compute="_compute_substation_id",
        search="_search_substation_id",
        help="Sub-station where the meter is installed today.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Operator",
        required=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)
    note = fields.Text()

    _sql_constraints = [
        (
            "serial_company_uniq",
            "unique(company_id, manufacturer, serial_number)",
            "A meter with this manufacturer and serial number already exists.",
        ),
        (
            "mbus_primary_range",
            "CHECK(mbus_primary_address IS NULL OR "
            "(mbus_primary_address >= 0 AND mbus_primary_address <= 250))",
            "The M-Bus primary address must be between 0 and 250.",
        ),
    ]

    @api.depends(
        "installation_ids.date_start",
        "installation_ids.date_end",
        "installation_ids.substation_id",
    )
    def _compute_substation_id(self):
        today = fields.Date.context_today(self)
        for meter in self:
            current = meter.installation_ids.filtered(
                lambda i: (
                    i.date_start
                    and i.date_start <= today
                    and (not i.date_end or i.date_end > today)
                )
            )
            meter.substation_id = current[:1].substation_id

    def _search_substation_id(self, operator, value):
        today = fields.Date.context_today(self)
        installations = self.env["heat.meter.installation"].search(
            [
                ("substation_id", operator, value),
                ("date_start", "<=", today),
                "|",
                ("date_end", "=", False),
                ("date_end", ">", today),
            ]
        )
        return [("id", "in", installations.meter_id.ids)]

    @api.constrains("mbus_secondary_address")
    def _check_mbus_secondary_address(self):
        for meter in self:
            address = meter.mbus_secondary_address
            if address and not SECONDARY_ADDRESS.match(address):
                raise ValidationError(
                    self.env._(
                        "The M-Bus secondary address of meter %(name)s must be 8 or 16 "
                        "hexadecimal digits (%(address)s given).",
                        name=meter.display_name,
                        address=address,
                    )
                )

    def action_view_substations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "heat_network.heat_substation_action"
        )
        action["domain"] = [("id", "in", self.installation_ids.substation_id.ids)]
        return action
