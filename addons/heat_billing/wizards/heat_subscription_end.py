# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import api, fields, models
from odoo.exceptions import UserError


class HeatSubscriptionEnd(models.TransientModel):
    """End a subscription at a date, with the index read that day: terminated, or
    handed over to the building's next holder (the building is sold, the tenant
    changes). The next billing run bills each holder for its own days and energy."""

    _name = "heat.subscription.end"
    _description = "End or hand over a heat subscription"

    subscription_id = fields.Many2one("heat.subscription", required=True)
    mode = fields.Selection(
        [("terminate", "Termination"), ("holder", "Change of holder")],
        required=True,
        default="terminate",
    )
    date_end = fields.Date(
        string="Last day",
        required=True,
        default=fields.Date.context_today,
        help="The last day of the subscription; the next holder's starts the day "
        "after.",
    )
    index_kwh = fields.Float(
        string="Index read (kWh)",
        digits=(16, 3),
        help="The meter's index at the end of the last day (the final reading). "
        "Without it, the last invoice estimates the consumption and says so.",
    )
    partner_id = fields.Many2one("res.partner", string="Next holder")
    waive_compensation = fields.Boolean(
        string="Waive the compensation",
        help="Do not bill the network's early-termination compensation on the final "
        "invoice (a move out of the area, a hardship...): give the reason.",
    )
    waive_reason = fields.Char(string="Reason of the waiver")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "heat.subscription":
            values.setdefault("subscription_id", self.env.context.get("active_id"))
        return values

    def action_confirm(self):
        self.ensure_one()
        subscription = self.subscription_id
        if subscription.state != "active":
            raise UserError(
                self.env._(
                    "Subscription %(name)s is not active.", name=subscription.name
                )
            )
        if self.date_end < subscription.date_start:
            raise UserError(
                self.env._(
                    "Subscription %(name)s starts on %(start)s: it cannot end on "
                    "%(end)s.",
                    name=subscription.name,
                    start=subscription.date_start,
                    end=self.date_end,
                )
            )
        if self.mode == "holder" and not self.partner_id:
            raise UserError(self.env._("Give the next holder."))
        waived = self.mode == "terminate" and self.waive_compensation
        if waived and not (self.waive_reason or "").strip():
            raise UserError(
                self.env._(
                    "Give the reason to waive the compensation of %(name)s.",
                    name=subscription.name,
                )
            )
        reading = self._heat_final_reading()
        subscription.write(
            {
                "date_end": self.date_end,
                "state": "closed",
                "end_mode": self.mode,
                "compensation_waived": waived,
            }
        )
        following = self.env["heat.subscription"]
        if self.mode == "holder":
            following = following.create(self._prepare_next_subscription_values())
        subscription.message_post(body=self._heat_end_message(reading, following))
        if waived:
            subscription.message_post(
                body=self.env._(
                    "Early-termination compensation waived by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=self.waive_reason.strip(),
                )
            )
        if following:
            following.message_post(
                body=self.env._(
                    "Follows subscription %(name)s of %(partner)s from %(date)s.",
                    name=subscription.name,
                    partner=subscription.partner_id.display_name,
                    date=following.date_start,
                )
            )
            return following._get_records_action()
        return True

    def _heat_final_reading(self):
        """The final reading at the end of the last day (local midnight of the next
        day, where the next holder's first reading is), through every reading's
        checks; None without an index."""
        if not self.index_kwh:
            return None
        substation = self.subscription_id.substation_id
        meter = substation.meter_id
        if not meter:
            raise UserError(
                self.env._(
                    "Sub-station %(name)s has no meter to read.",
                    name=substation.display_name,
                )
            )
        network = substation.network_id
        moment = network._heat_bounds(self.date_end, self.date_end)[network.id][1]
        try:
            with self.env.cr.savepoint():
                return self.env["heat.meter.reading"].create(
                    {
                        "meter_id": meter.id,
                        "timestamp": moment,
                        "energy_kwh": self.index_kwh,
                        "source": "manual",
                    }
                )
        except IntegrityError as error:
            raise UserError(
                self.env._(
                    "Meter %(meter)s already has a reading at the end of %(date)s: "
                    "leave the index empty to bill that one.",
                    meter=meter.display_name,
                    date=self.date_end,
                )
            ) from error

    def _prepare_next_subscription_values(self):
        subscription = self.subscription_id
        return {
            "substation_id": subscription.substation_id.id,
            "partner_id": self.partner_id.id,
            "company_id": subscription.company_id.id,
            "date_start": self.date_end + timedelta(days=1),
            "frequency": subscription.frequency,
            "billing_mode": subscription.billing_mode,
            "payment_term_id": subscription.payment_term_id.id,
            "is_public_body": self.partner_id.is_company
            and subscription.is_public_body,
            "state": "active",
        }

    def _heat_end_message(self, reading, following):
        values = {
            "date": self.date_end,
            "index": reading.energy_kwh if reading else None,
            "next": following.name,
            "partner": self.partner_id.display_name,
        }
        if following:
            return (
                self.env._(
                    "Handed over to %(partner)s (%(next)s) after %(date)s; final "
                    "index %(index)s kWh.",
                    **values,
                )
                if reading
                else self.env._(
                    "Handed over to %(partner)s (%(next)s) after %(date)s; no index "
                    "read: the last invoice estimates the consumption.",
                    **values,
                )
            )
        return (
            self.env._("Terminated on %(date)s; final index %(index)s kWh.", **values)
            if reading
            else self.env._(
                "Terminated on %(date)s; no index read: the last invoice estimates "
                "the consumption.",
                **values,
            )
        )
