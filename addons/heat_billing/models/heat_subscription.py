# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HeatSubscription(models.Model):
    """The contract of a subscriber (owner or occupant) for one sub-station."""

    _name = "heat.subscription"
    _description = "Heat subscription"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "network_id, name"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    substation_id = fields.Many2one(
        "heat.substation", required=True, index=True, check_company=True, tracking=True
    )
    network_id = fields.Many2one(
        related="substation_id.network_id", store=True, index=True
    )
    building_id = fields.Many2one(related="substation_id.building_id", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Subscriber",
        required=True,
        index=True,
        tracking=True,
        help="Who is billed: the owner or the occupant of the building.",
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Pledge", check_company=True, readonly=True, copy=False
    )
    date_start = fields.Date(required=True, tracking=True)
    date_end = fields.Date(tracking=True)
    frequency = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        required=True,
        default="monthly",
    )
    billing_mode = fields.Selection(
        [
            ("actual", "Actual consumption"),
            ("installments", "Monthly installments and yearly regularisation"),
        ],
        required=True,
        default="actual",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    installment_amount = fields.Monetary(
        string="Monthly installment (€ HT)",
        compute="_compute_installment_amount",
        store=True,
        readonly=False,
        help="A twelfth of the yearly estimate: the building's estimated need at the "
        "current R1 plus the subscribed power at the current R2. Adjust it at will: "
        "the yearly regularisation settles the difference.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term", check_company=True, string="Payment terms"
    )
    is_public_body = fields.Boolean(
        string="Public body",
        help="Public bodies receive their invoices through Chorus Pro: keep their "
        "SIRET on the partner, their service code and commitment number here.",
    )
    chorus_service_code = fields.Char(
        string="Chorus Pro service code",
        help="The 'service exécutant' the public body named for its invoices; it "
        "is written in each invoice's e-invoice (buyer reference, BT-10).",
    )
    chorus_commitment_number = fields.Char(
        string="Chorus Pro commitment number",
        help="The 'engagement juridique' (order or contract number) the public "
        "body requires; written in each invoice's e-invoice (BT-13).",
    )
    subscribed_power_kw = fields.Float(
        related="substation_id.subscribed_power_kw", string="Subscribed power (kW)"
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        required=True,
        default="draft",
        tracking=True,
    )
    end_mode = fields.Selection(
        [("terminate", "Termination"), ("holder", "Change of holder")],
        string="Ended by",
        readonly=True,
        copy=False,
        help="How the subscription ended: a termination may owe the network's "
        "early-termination compensation, a change of holder does not.",
    )
    compensation_waived = fields.Boolean(
        string="Compensation waived",
        readonly=True,
        copy=False,
        help="The early-termination compensation is not billed: the reason is in "
        "the chatter.",
    )
    line_ids = fields.One2many("heat.billing.run.line", "subscription_id")

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("heat.subscription") or "/"
        return super().create(vals_list)

    @api.depends(
        "billing_mode",
        "substation_id.building_id.estimated_need_mwh",
        "substation_id.subscribed_power_kw",
    )
    def _compute_installment_amount(self):
        today = fields.Date.context_today(self)
        todo = self.filtered(lambda s: s.billing_mode == "installments")
        (self - todo).installment_amount = 0.0
        segments = self.env["heat.tariff"]._tariff_segments(
            todo.network_id, today, today
        )
        for subscription in todo:
            network_segments = segments.get(subscription.network_id.id)
            if not network_segments:
                subscription.installment_amount = 0.0
                continue
            tariff = network_segments[-1][2]
            yearly = (
                subscription.substation_id.building_id.estimated_need_mwh
                * tariff.price_per_mwh
                + subscription.substation_id.subscribed_power_kw * tariff.price_per_kw
            )
            subscription.installment_amount = yearly / 12

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for subscription in self:
            if (
                subscription.date_end
                and subscription.date_end < subscription.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Subscription %(name)s ends before it starts.",
                        name=subscription.name,
                    )
                )

    @api.constrains("substation_id", "date_start", "date_end", "state")
    def _check_one_per_substation(self):
        """One open subscription per sub-station at a time; one query for all."""
        todo = self.filtered(lambda s: s.state != "closed")
        if not todo:
            return
        candidates = self.search(
            [
                ("substation_id", "in", todo.substation_id.ids),
                ("state", "!=", "closed"),
            ]
        )
        by_substation = defaultdict(list)
        for candidate in candidates:
            by_substation[candidate.substation_id.id].append(candidate)
        for subscription in todo:
            for other in by_substation[subscription.substation_id.id]:
                if other == subscription:
                    continue
                if (
                    not other.date_end or other.date_end >= subscription.date_start
                ) and (
                    not subscription.date_end
                    or subscription.date_end >= other.date_start
                ):
                    raise ValidationError(
                        self.env._(
                            "Sub-station %(substation)s already has subscription "
                            "%(other)s over these dates.",
                            substation=subscription.substation_id.display_name,
                            other=other.name,
                        )
                    )

    def action_activate(self):
        self.write({"state": "active"})

    def action_close(self):
        for subscription in self:
            subscription.write(
                {
                    "state": "closed",
                    "date_end": subscription.date_end
                    or fields.Date.context_today(self),
                }
            )

    def _heat_tariffs(self):
        """The network's tariff versions that applied to the subscription, from its
        start to its end or today, oldest first."""
        self.ensure_one()
        date_to = min(self.date_end or date.max, fields.Date.context_today(self))
        segments = self.env["heat.tariff"]._tariff_segments(
            self.network_id, self.date_start, max(date_to, self.date_start)
        )
        return self.env["heat.tariff"].concat(
            *(tariff for _start, _end, tariff in segments.get(self.network_id.id, []))
        )
