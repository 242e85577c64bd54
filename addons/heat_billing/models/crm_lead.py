# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    heat_subscription_ids = fields.One2many(
        "heat.subscription", "lead_id", string="Heat subscriptions"
    )

    def _prepare_heat_subscription_values(self):
        self.ensure_one()
        building = self.heat_building_id
        return {
            "substation_id": building.substation_ids[:1].id,
            "partner_id": (building.subscriber_id or self.partner_id).id,
            "lead_id": self.id,
            "company_id": self.company_id.id or self.env.company.id,
            "date_start": building.substation_ids[:1].commissioning_date
            or fields.Date.context_today(self),
            "is_public_body": bool(
                building.category_id.code
                in ("commune", "agglomeration", "syndicat_mixte", "departement")
            ),
        }

    def action_heat_create_subscription(self):
        """A signed pledge becomes a subscription once its sub-station exists."""
        signed = self.env.ref("heat_network.stage_pledge_signed")
        problems = []
        for lead in self:
            if lead.stage_id != signed and not lead.heat_pledge_date:
                problems.append(
                    self.env._("%(lead)s: the pledge is not signed.", lead=lead.name)
                )
            elif not lead.heat_building_id.substation_ids:
                problems.append(
                    self.env._(
                        "%(lead)s: building %(building)s has no sub-station yet.",
                        lead=lead.name,
                        building=lead.heat_building_id.display_name,
                    )
                )
            elif lead.heat_subscription_ids:
                problems.append(
                    self.env._(
                        "%(lead)s: a subscription exists already.", lead=lead.name
                    )
                )
        if problems:
            raise UserError("\n".join(problems))
        subscriptions = self.env["heat.subscription"].create(
            [lead._prepare_heat_subscription_values() for lead in self]
        )
        self.heat_building_id.filtered(lambda b: b.state == "pledged").write(
            {"state": "subscribed"}
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "heat.subscription",
            "view_mode": "list,form",
            "domain": [("id", "in", subscriptions.ids)],
            "name": self.env._("Subscriptions"),
        }

    def action_heat_cost_comparison(self):
        """Compare the heat network with the prospect's current heating."""
        self.ensure_one()
        if not self.heat_building_id:
            raise UserError(
                self.env._("Pledge %(lead)s has no building.", lead=self.name)
            )
        Comparison = self.env["heat.cost.comparison"]
        values = Comparison._prepare_from_building(self.heat_building_id, lead=self)
        return Comparison.create(values)._open_form()
