# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..domain import register as register_domain


class HeatShareLineRequest(models.TransientModel):
    """Record a transfer, a redemption or a conversion as movements to approve."""

    _name = "heat.share.line.request"
    _description = "Share movement request"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    movement = fields.Selection(
        [
            ("transfer", "Transfer"),
            ("redemption", "Redemption"),
            ("conversion", "Conversion"),
        ],
        required=True,
        default="transfer",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    partner_id = fields.Many2one(
        "res.partner", string="Holder", required=True, check_company=True
    )
    class_id = fields.Many2one("heat.share.class", required=True, check_company=True)
    quantity = fields.Integer(required=True, default=1)
    target_partner_id = fields.Many2one(
        "res.partner", string="Transferee", check_company=True
    )
    target_class_id = fields.Many2one(
        "heat.share.class", string="Into class", check_company=True
    )
    approve = fields.Boolean(
        string="Approve now", help="Approve the movements at once (board decision)."
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner":
            values.setdefault("partner_id", self.env.context.get("active_id"))
        return values

    def action_confirm(self):
        self.ensure_one()
        if self.quantity <= 0:
            raise UserError(self.env._("Move at least one share."))
        Line = self.env["heat.share.line"]
        out_vals = self._prepare_line(
            self.partner_id, self.class_id, self.quantity, self._out_type()
        )
        lines = Line.create(out_vals)
        if self.movement == "transfer":
            if not self.target_partner_id or self.target_partner_id == self.partner_id:
                raise UserError(
                    self.env._(
                        "Transfer of %(holder)s's shares: choose another holder to "
                        "receive them.",
                        holder=self.partner_id.display_name,
                    )
                )
            lines |= Line.create(
                self._prepare_line(
                    self.target_partner_id, self.class_id, self.quantity, "transfer_in"
                )
            )
        elif self.movement == "conversion":
            target = self.target_class_id
            quantity = target and register_domain.converted_quantity(
                self.quantity, self.class_id.nominal_value, target.nominal_value
            )
            if not target or target == self.class_id or not quantity:
                raise UserError(
                    self.env._(
                        "Conversion of %(quantity)s %(class)s shares of %(holder)s: "
                        "choose another class into which their value converts into "
                        "a whole number of shares.",
                        quantity=self.quantity,
                        holder=self.partner_id.display_name,
                        **{"class": self.class_id.display_name},
                    )
                )
            lines |= Line.create(
                self._prepare_line(self.partner_id, target, quantity, "conversion_in")
            )
        if len(lines) == 2:
            lines[0].counterpart_id = lines[1]
            lines[1].counterpart_id = lines[0]
        if self.approve:
            lines.action_approve()
        return {
            "type": "ir.actions.act_window",
            "res_model": "heat.share.line",
            "view_mode": "list,form",
            "domain": [("id", "in", lines.ids)],
            "name": self.env._("Register movements"),
        }

    def _out_type(self):
        return {
            "transfer": "transfer_out",
            "redemption": "redemption",
            "conversion": "conversion_out",
        }[self.movement]

    def _prepare_line(self, partner, share_class, quantity, movement_type):
        return {
            "company_id": self.company_id.id,
            "date": self.date,
            "partner_id": partner.id,
            "class_id": share_class.id,
            "quantity": quantity,
            "movement_type": movement_type,
        }
