# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..domain.subscribed_power import decrease_violation


class HeatSubstationPower(models.Model):
    _name = "heat.substation.power"
    _description = "Subscribed power change"
    _order = "substation_id, date_start desc, id desc"
    _check_company_auto = True

    substation_id = fields.Many2one(
        "heat.substation",
        string="Sub-station",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="substation_id.company_id", store=True, precompute=True, index=True
    )
    date_start = fields.Date(
        string="Effective date",
        required=True,
        help="Date from which the subscribed power applies.",
    )
    power_kw = fields.Float(
        string="Subscribed power (kW)", digits=(16, 1), required=True
    )
    reason = fields.Selection(
        [
            ("initial", "Initial subscription"),
            ("increase", "Increase"),
            ("renovation", "Decrease after renovation"),
            ("other", "Other"),
        ],
        required=True,
        default="initial",
    )
    request_date = fields.Date(help="Date the subscriber asked for the change.")
    decision = fields.Selection(
        [("pending", "Pending"), ("accepted", "Accepted"), ("refused", "Refused")],
        required=True,
        default="accepted",
        help="Only accepted changes apply to billing.",
    )
    decision_date = fields.Date()
    refusal_reason = fields.Text(
        help="Why the request was refused, as the subscriber is told."
    )
    note = fields.Char()

    @api.depends("substation_id", "date_start", "power_kw")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(substation)s: %(power)s kW from %(date)s",
                substation=line.substation_id.display_name or "",
                power=line.power_kw,
                date=line.date_start or "",
            )

    @api.constrains("power_kw", "substation_id")
    def _check_power_kw(self):
        for line in self:
            if line.power_kw <= 0:
                raise ValidationError(
                    self.env._(
                        "The subscribed power of sub-station %(name)s must be "
                        "positive (%(power)s kW given).",
                        name=line.substation_id.display_name,
                        power=line.power_kw,
                    )
                )
            if line.power_kw > line.substation_id.exchanger_power_kw:
                raise ValidationError(
                    self.env._(
                        "The subscribed power of sub-station %(name)s (%(power)s kW) "
                        "exceeds its exchanger power (%(exchanger)s kW).",
                        name=line.substation_id.display_name,
                        power=line.power_kw,
                        exchanger=line.substation_id.exchanger_power_kw,
                    )
                )

    @api.constrains("decision", "refusal_reason")
    def _check_refusal_reason(self):
        for line in self.filtered(lambda line: line.decision == "refused"):
            if not (line.refusal_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "The refused power change %(name)s needs the reason given "
                        "to the subscriber.",
                        name=line.display_name,
                    )
                )

    @api.constrains("request_date", "decision_date", "date_start")
    def _check_dates(self):
        for line in self:
            if line.request_date and line.request_date > line.date_start:
                raise ValidationError(
                    self.env._(
                        "The subscribed power change of sub-station %(name)s cannot "
                        "take effect on %(date)s, before it was requested "
                        "(%(request)s).",
                        name=line.substation_id.display_name,
                        date=line.date_start,
                        request=line.request_date,
                    )
                )
            if (
                line.request_date
                and line.decision_date
                and line.decision_date < line.request_date
            ):
                raise ValidationError(
                    self.env._(
                        "The decision on the subscribed power change of sub-station "
                        "%(name)s (%(decision)s) cannot precede its request "
                        "(%(request)s).",
                        name=line.substation_id.display_name,
                        decision=line.decision_date,
                        request=line.request_date,
                    )
                )

    @api.constrains("power_kw", "date_start", "decision", "substation_id")
    def _check_decrease_rule(self):
        """A decrease must be at least 20 % and two decreases two years apart."""
        lines = self.filtered(lambda line: line.decision != "refused")
        if not lines:
            return
        history = defaultdict(list)
        for row in self.search_read(
            [
                ("substation_id", "in", lines.substation_id.ids),
                ("decision", "!=", "refused"),
            ],
            ["substation_id", "date_start", "power_kw"],
        ):
            history[row["substation_id"][0]].append(row)
        for line in lines:
            dates = [row["date_start"] for row in history[line.substation_id.id]]
            if dates.count(line.date_start) > 1:
                raise ValidationError(
                    self.env._(
                        "Sub-station %(name)s has two subscribed power changes "
                        "effective on %(date)s.",
                        name=line.substation_id.display_name,
                        date=line.date_start,
                    )
                )
            others = [
                (row["date_start"], row["power_kw"])
                for row in history[line.substation_id.id]
                if row["id"] != line.id
            ]
            violation = decrease_violation(others, line.date_start, line.power_kw)
            if not violation:
                continue
            if violation[0] == "ratio":
                raise ValidationError(
                    self.env._(
                        "The subscribed power of sub-station %(name)s can only be "
                        "decreased by at least 20 %%: from %(previous)s kW, ask for "
                        "%(maximum)s kW or less (%(power)s kW requested).",
                        name=line.substation_id.display_name,
                        previous=violation[1],
                        maximum=violation[1] - violation[2],
                        power=line.power_kw,
                    )
                )
            raise ValidationError(
                self.env._(
                    "The subscribed power of sub-station %(name)s can be decreased at "
                    "most once every two years: another decrease takes effect on "
                    "%(other)s (change of %(date)s refused).",
                    name=line.substation_id.display_name,
                    other=violation[1],
                    date=line.date_start,
                )
            )

    def action_accept(self):
        """Accept pending requests: they apply to billing from their date (the
        20 %-and-two-years rule is checked again)."""
        self._check_pending()
        self.write(
            {"decision": "accepted", "decision_date": fields.Date.context_today(self)}
        )
        self._heat_decided()
        return True

    def action_refuse(self):
        """Ask the reason of the refusal (a wizard)."""
        self._check_pending()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse the power change"),
            "res_model": "heat.substation.power.refuse",
            "view_mode": "form",
            "target": "new",
            "context": {"default_power_ids": self.ids},
        }

    def _heat_refuse(self, reason):
        self._check_pending()
        self.write(
            {
                "decision": "refused",
                "decision_date": fields.Date.context_today(self),
                "refusal_reason": reason,
            }
        )
        self._heat_decided()

    def _check_pending(self):
        decided = self.filtered(lambda line: line.decision != "pending")
        if decided:
            raise UserError(
                self.env._(
                    "The power change %(name)s is already decided (%(decision)s).",
                    name=decided[0].display_name,
                    decision=dict(
                        decided._fields["decision"]._description_selection(self.env)
                    )[decided[0].decision],
                )
            )

    def _heat_decided(self):
        """Hook: a decision was taken on these requests (the subscriber is told by
        the addons that know the subscriber)."""
        return True
