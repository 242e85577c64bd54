# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import format_date, formatLang


class HeatSubstationPower(models.Model):
    _inherit = "heat.substation.power"

    def _heat_decided(self):
        """The subscriber is told of the decision in its subscription's chatter,
        by e-mail: the subscription open at the date the change applies from."""
        res = super()._heat_decided()
        # the decision is the network manager's; telling the subscriber needs no
        # billing right of theirs
        subscriptions = (
            self.env["heat.subscription"]
            .sudo()
            .search(
                [
                    ("substation_id", "in", self.substation_id.ids),
                    ("state", "!=", "draft"),
                ],
                order="date_start desc",
            )
        )
        for line in self:
            subscription = subscriptions.filtered(
                lambda s, line=line: (
                    s.substation_id == line.substation_id
                    and s.date_start <= line.date_start
                    and (not s.date_end or line.date_start <= s.date_end)
                )
            )[:1]
            if not subscription:
                continue
            partner = subscription.partner_id
            env = line.with_context(lang=partner.lang).env
            values = {
                "power": formatLang(env, line.power_kw, digits=1),
                "date": format_date(env, line.date_start),
                "reason": line.refusal_reason,
            }
            body = (
                env._(
                    "Your request for a subscribed power of %(power)s kW from "
                    "%(date)s is accepted: it applies to your invoices from that day.",
                    **values,
                )
                if line.decision == "accepted"
                else env._(
                    "Your request for a subscribed power of %(power)s kW from "
                    "%(date)s is refused: %(reason)s",
                    **values,
                )
            )
            subscription.message_post(
                body=body,
                partner_ids=partner.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return res
