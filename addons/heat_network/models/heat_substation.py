# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..domain.subscribed_power import power_at, power_periods


class HeatSubstation(models.Model):
    _name = "heat.substation"
    _description = "Sub-station"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "network_id, code, id"
    _check_company_auto = True

    code = fields.Char(required=True, tracking=True)
    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, precompute=True
    )
    building_id = fields.Many2one(
        "heat.building",
        string="Building",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    network_id = fields.Many2one(
        related="building_id.network_id", store=True, index=True, string="Network"
    )
    company_id = fields.Many2one(
        related="building_id.company_id", store=True, precompute=True, index=True
    )
    exchanger_power_kw = fields.Float(
        string="Exchanger power (kW)", digits=(16, 1), required=True, tracking=True
    )
    power_ids = fields.One2many(
        "heat.substation.power", "substation_id", string="Subscribed power history"
    )
    subscribed_power_kw = fields.Float(
        string="Subscribed power (kW)",
        digits=(16, 1),
        compute="_compute_subscribed_power_kw",
        help="Subscribed power in force today (accepted changes only).",
    )
    installation_ids = fields.One2many(
        "heat.meter.installation", "substation_id", string="Meter installations"
    )
    meter_id = fields.Many2one(
        "heat.meter",
        string="Current meter",
        compute="_compute_meter_id",
        search="_search_meter_id",
        help="Meter installed today.",
    )
    commissioning_date = fields.Date(tracking=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("service", "In service"),
            ("closed", "Closed"),
        ],
        required=True,
        default="planned",
        tracking=True,
    )
    active = fields.Boolean(default=True)
    note = fields.Text()

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(company_id, code)",
            "The code of a sub-station must be unique per operator.",
        ),
    ]

    @api.depends("code", "building_id.name")
    def _compute_name(self):
        for substation in self:
            if not substation.name:
                substation.name = substation.building_id.name

    @api.depends("code", "name")
    def _compute_display_name(self):
        for substation in self:
            substation.display_name = " - ".join(
                part for part in (substation.code, substation.name) if part
            )

    @api.depends("power_ids.power_kw", "power_ids.date_start", "power_ids.decision")
    @api.depends_context("date")
    def _compute_subscribed_power_kw(self):
        today = fields.Date.context_today(self)
        for substation in self:
            changes = [
                (line.date_start, line.power_kw)
                for line in substation.power_ids
                if line.decision == "accepted" and line.date_start
            ]
            substation.subscribed_power_kw = power_at(changes, today)

    @api.depends(
        "installation_ids.date_start",
        "installation_ids.date_end",
        "installation_ids.meter_id",
    )
    def _compute_meter_id(self):
        today = fields.Date.context_today(self)
        for substation in self:
            current = substation.installation_ids.filtered(
                lambda i: (
                    i.date_start
                    and i.date_start <= today
                    and (not i.date_end or i.date_end > today)
                )
            )
            substation.meter_id = current[:1].meter_id

    def _search_meter_id(self, operator, value):
        today = fields.Date.context_today(self)
        installations = self.env["heat.meter.installation"].search(
            [
                ("meter_id", operator, value),
                ("date_start", "<=", today),
                "|",
                ("date_end", "=", False),
                ("date_end", ">", today),
            ]
        )
        return [("id", "in", installations.substation_id.ids)]

    @api.constrains("exchanger_power_kw")
    def _check_exchanger_power_kw(self):
        for substation in self:
            if substation.exchanger_power_kw <= 0:
                raise ValidationError(
                    self.env._(
                        "The exchanger power of sub-station %(name)s must be positive "
                        "(%(power)s kW given).",
                        name=substation.display_name,
                        power=substation.exchanger_power_kw,
                    )
                )
        self.power_ids._check_power_kw()

    @api.constrains("building_id", "state", "active")
    def _check_one_per_building(self):
        groups = self._read_group(
            [
                ("building_id", "in", self.building_id.ids),
                ("state", "!=", "closed"),
            ],
            ["building_id"],
            ["id:recordset"],
            having=[("__count", ">", 1)],
        )
        for building, substations in groups:
            raise ValidationError(
                self.env._(
                    "Building %(building)s already has a sub-station in use "
                    "(%(substations)s): close it before adding another.",
                    building=building.display_name,
                    substations=", ".join(substations.mapped("display_name")),
                )
            )

    def _subscribed_power_periods(self, date_from, date_to):
        """Return ``{substation_id: [(date_start, date_end_inclusive, power_kw)]}``.

        The periods split ``[date_from, date_to]`` (both inclusive) by the accepted
        subscribed power in force; days before the first accepted power are left out.
        One query for all the sub-stations of ``self``.
        """
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        changes = defaultdict(list)
        lines = self.env["heat.substation.power"].search_read(
            [
                ("substation_id", "in", self.ids),
                ("decision", "=", "accepted"),
                ("date_start", "<=", date_to),
            ],
            ["substation_id", "date_start", "power_kw"],
            order="date_start",
        )
        for line in lines:
            changes[line["substation_id"][0]].append(
                (line["date_start"], line["power_kw"])
            )
        return {
            substation.id: power_periods(
                changes.get(substation.id, []), date_from, date_to
            )
            for substation in self
        }

    def action_view_meters(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "heat_network.heat_meter_action"
        )
        action["domain"] = [("id", "in", self.installation_ids.meter_id.ids)]
        return action
