# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .heat_building import ENERGIES, ENERGY_UNIT, QUANTITY_UNITS


class CrmLead(models.Model):
    _inherit = "crm.lead"

    heat_is_pledge = fields.Boolean(
        string="Connection pledge",
        help="This opportunity is a connection pledge to a heat network.",
    )
    heat_network_id = fields.Many2one(
        "heat.network",
        string="Heat network",
        index=True,
        check_company=True,
        tracking=True,
    )
    heat_building_id = fields.Many2one(
        "heat.building",
        string="Building",
        index=True,
        check_company=True,
        tracking=True,
        domain="[('network_id', '=', heat_network_id)]",
    )
    heat_building_category_id = fields.Many2one(
        related="heat_building_id.category_id",
        store=True,
        string="Building category",
    )
    heat_building_state = fields.Selection(
        related="heat_building_id.state", string="Building status"
    )
    heat_new_building_reference = fields.Char(
        string="New building reference",
        help="To create the building from the pledge: its reference in the network.",
    )
    heat_new_building_name = fields.Char(
        string="New building name",
        help="To create the building from the pledge: its name. The building is "
        "created as a prospect when the pledge is saved.",
    )
    heat_new_building_category_id = fields.Many2one(
        "heat.building.category", string="New building category"
    )
    heat_signatory_name = fields.Char(
        string="Signatory", help="Person who signs the pledge."
    )
    heat_signatory_capacity = fields.Char(
        string="Signatory capacity",
        help="Capacity in which the signatory acts, e.g. mayor, owner, manager.",
    )
    heat_current_energy = fields.Selection(
        ENERGIES,
        string="Current heating energy",
        compute="_compute_heat_from_building",
        store=True,
        readonly=False,
        precompute=True,
    )
    heat_current_quantity = fields.Float(
        string="Current yearly quantity",
        digits=(16, 2),
        compute="_compute_heat_from_building",
        store=True,
        readonly=False,
        precompute=True,
    )
    heat_current_unit = fields.Selection(
        QUANTITY_UNITS,
        string="Current quantity unit",
        compute="_compute_heat_current_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    heat_estimated_mwh = fields.Float(
        string="Estimated need (MWh/year)",
        digits=(16, 2),
        compute="_compute_heat_from_building",
        store=True,
        readonly=False,
        precompute=True,
        aggregator="sum",
        tracking=True,
    )
    heat_requested_kw = fields.Float(
        string="Requested power (kW)",
        digits=(16, 1),
        aggregator="sum",
        tracking=True,
    )
    heat_offer_r1 = fields.Float(
        string="Offered R1 (EUR excl. VAT/MWh)",
        digits=(16, 2),
        compute="_compute_heat_offer",
        store=True,
        readonly=False,
        precompute=True,
        help="Energy part of the price offered in the pledge.",
    )
    heat_offer_r2 = fields.Float(
        string="Offered R2 (EUR excl. VAT/kW/year)",
        digits=(16, 2),
        compute="_compute_heat_offer",
        store=True,
        readonly=False,
        precompute=True,
        help="Subscription part of the price offered in the pledge.",
    )
    heat_offer_reduced_vat = fields.Boolean(
        string="Reduced VAT 5.5 %", default=True, help="VAT at 5.5 % on the heat bill."
    )
    heat_offer_free_boiler_removal = fields.Boolean(
        string="Free removal of the old boiler", default=True
    )
    heat_offer_free_substation = fields.Boolean(string="Free sub-station", default=True)
    heat_offer_operator_upstream = fields.Boolean(
        string="Operator responsible upstream of the exchanger", default=True
    )
    heat_offer_service_24_7 = fields.Boolean(string="24/7 service", default=True)
    heat_pledge_date = fields.Date(
        string="Pledge signature date", tracking=True, copy=False
    )

    @api.depends("user_id", "team_id", "partner_id", "heat_network_id")
    def _compute_company_id(self):
        res = super()._compute_company_id()
        for lead in self:
            if lead.heat_network_id:
                lead.company_id = lead.heat_network_id.company_id
        return res

    @api.depends("heat_building_id")
    def _compute_heat_from_building(self):
        for lead in self:
            building = lead.heat_building_id
            if not building:
                continue
            if not lead.heat_current_energy:
                lead.heat_current_energy = building.current_energy
                lead.heat_current_quantity = building.current_quantity
            if not lead.heat_estimated_mwh:
                lead.heat_estimated_mwh = building.estimated_need_mwh

    @api.depends("heat_current_energy", "heat_building_id")
    def _compute_heat_current_unit(self):
        for lead in self:
            if lead.heat_building_id.current_unit and (
                lead.heat_current_energy == lead.heat_building_id.current_energy
            ):
                lead.heat_current_unit = lead.heat_building_id.current_unit
            elif lead.heat_current_energy:
                lead.heat_current_unit = ENERGY_UNIT[lead.heat_current_energy]

    @api.depends("heat_network_id")
    def _compute_heat_offer(self):
        for lead in self:
            network = lead.heat_network_id
            if network and not lead.heat_offer_r1:
                lead.heat_offer_r1 = network.pledge_r1
            if network and not lead.heat_offer_r2:
                lead.heat_offer_r2 = network.pledge_r2

    @api.onchange("heat_network_id")
    def _onchange_heat_network_id(self):
        if self.heat_building_id.network_id != self.heat_network_id:
            self.heat_building_id = False

    @api.onchange("heat_building_id")
    def _onchange_heat_building_id(self):
        if self.heat_building_id:
            self.heat_network_id = self.heat_building_id.network_id

    # ------------------------------------------------------------------ constraints

    @api.constrains(
        "heat_is_pledge",
        "heat_network_id",
        "heat_building_id",
        "heat_new_building_name",
    )
    def _check_heat_pledge(self):
        for lead in self.filtered("heat_is_pledge"):
            if not lead.heat_network_id:
                raise ValidationError(
                    self.env._(
                        "The connection pledge %(name)s has no heat network.",
                        name=lead.display_name,
                    )
                )
            if not lead.heat_building_id and not lead.heat_new_building_name:
                raise ValidationError(
                    self.env._(
                        "The connection pledge %(name)s has no building: choose one or "
                        "give the reference and name of a new building.",
                        name=lead.display_name,
                    )
                )
            if (
                lead.heat_building_id
                and lead.heat_building_id.network_id != lead.heat_network_id
            ):
                raise ValidationError(
                    self.env._(
                        "The building %(building)s of pledge %(name)s belongs to "
                        "network %(building_network)s, not %(network)s.",
                        building=lead.heat_building_id.display_name,
                        name=lead.display_name,
                        building_network=lead.heat_building_id.network_id.display_name,
                        network=lead.heat_network_id.display_name,
                    )
                )

    @api.constrains(
        "heat_estimated_mwh",
        "heat_requested_kw",
        "heat_current_quantity",
        "heat_current_energy",
        "heat_offer_r1",
        "heat_offer_r2",
        "heat_pledge_date",
    )
    def _check_heat_quantities(self):
        names = (
            "heat_estimated_mwh",
            "heat_requested_kw",
            "heat_current_quantity",
            "heat_offer_r1",
            "heat_offer_r2",
        )
        for lead in self:
            must_be_positive = [name for name in names if lead[name] < 0]
            if lead.heat_current_energy and lead.heat_current_quantity <= 0:
                must_be_positive.append("heat_current_quantity")
            if lead.heat_pledge_date:
                must_be_positive += [
                    name
                    for name in ("heat_estimated_mwh", "heat_requested_kw")
                    if lead[name] <= 0
                ]
            if must_be_positive:
                name = must_be_positive[0]
                raise ValidationError(
                    self.env._(
                        "%(field)s of pledge %(name)s must be positive "
                        "(%(value)s given).",
                        field=self._fields[name]._description_string(self.env),
                        name=lead.display_name,
                        value=lead[name],
                    )
                )

    # ------------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._heat_create_new_buildings()
        leads._heat_apply_signature()
        return leads

    def write(self, vals):
        res = super().write(vals)
        if {
            "heat_new_building_name",
            "heat_new_building_reference",
            "heat_network_id",
        } & set(vals):
            self._heat_create_new_buildings()
        if "stage_id" in vals or "heat_pledge_date" in vals:
            self._heat_apply_signature()
        return res

    # --------------------------------------------------------------------- actions

    def action_heat_sign_pledge(self):
        """Sign the pledges: move them to the "Pledge signed" stage, set the
        signature date and mark their buildings as pledged."""
        stage = self.env.ref("heat_network.stage_pledge_signed")
        self.write({"stage_id": stage.id})
        return True

    def action_set_lost(self, **additional_values):
        res = super().action_set_lost(**additional_values)
        self._heat_decline_buildings()
        return res

    def action_heat_print_pledge(self):
        return self.env.ref("heat_network.heat_pledge_report_action").report_action(
            self
        )

    def action_heat_view_building(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "heat.building",
            "res_id": self.heat_building_id.id,
            "view_mode": "form",
        }

    # -------------------------------------------------------------------- business

    def _heat_pledge_report_lang(self):
        """The pledge is a French document: print it in French when the language is
        installed, else in the partner's language."""
        self.ensure_one()
        installed = dict(self.env["res.lang"].get_installed())
        if "fr_FR" in installed:
            return "fr_FR"
        return self.partner_id.lang or self.env.lang

    def _prepare_heat_building_values(self):
        """Values of the prospect building created from this pledge."""
        self.ensure_one()
        return {
            "network_id": self.heat_network_id.id,
            "reference": self.heat_new_building_reference
            or self.heat_new_building_name,
            "name": self.heat_new_building_name,
            "category_id": self.heat_new_building_category_id.id,
            "owner_id": self.partner_id.commercial_partner_id.id,
            "street": self.street,
            "street2": self.street2,
            "zip": self.zip,
            "city": self.city,
            "current_energy": self.heat_current_energy,
            "current_quantity": self.heat_current_quantity,
            "current_unit": self.heat_current_unit,
            "estimated_need_mwh": self.heat_estimated_mwh,
        }

    def _heat_create_new_buildings(self):
        leads = self.filtered(
            lambda lead: (
                lead.heat_new_building_name
                and lead.heat_network_id
                and not lead.heat_building_id
            )
        )
        if not leads:
            return
        buildings = self.env["heat.building"].create(
            [lead._prepare_heat_building_values() for lead in leads]
        )
        for lead, building in zip(leads, buildings, strict=True):
            lead.write(
                {
                    "heat_building_id": building.id,
                    "heat_new_building_name": False,
                    "heat_new_building_reference": False,
                    "heat_new_building_category_id": False,
                }
            )

    def _heat_decline_buildings(self):
        """A lost pledge declines its building, unless another pledge is still open."""
        buildings = self.filtered("heat_is_pledge").heat_building_id.filtered(
            lambda b: b.state in ("prospect", "pledged")
        )
        if not buildings:
            return
        still_open = {
            building
            for [building] in self._read_group(
                [
                    ("heat_building_id", "in", buildings.ids),
                    ("heat_is_pledge", "=", True),
                    ("active", "=", True),
                ],
                ["heat_building_id"],
            )
        }
        declined = buildings.filtered(lambda b: b not in still_open)
        if declined:
            declined.state = "declined"

    def _heat_apply_signature(self):
        """Pledges in the signed stage get a signature date and pledged buildings."""
        stage = self.env.ref(
            "heat_network.stage_pledge_signed", raise_if_not_found=False
        )
        signed = self.filtered(
            lambda lead: (
                lead.heat_is_pledge
                and (lead.stage_id == stage or lead.heat_pledge_date)
            )
        )
        if not signed:
            return
        undated = signed.filtered(lambda lead: not lead.heat_pledge_date)
        if undated:
            undated.heat_pledge_date = fields.Date.context_today(self)
        buildings = signed.heat_building_id.filtered(lambda b: b.state == "prospect")
        if buildings:
            buildings.state = "pledged"
