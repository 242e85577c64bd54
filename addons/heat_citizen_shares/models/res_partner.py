# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

SHARES_GROUP = "heat_citizen_shares.heat_citizen_shares_group_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    share_college_id = fields.Many2one(
        "heat.share.college",
        string="College",
        groups=SHARES_GROUP,
        help="College of the member at the general meetings (SCIC).",
    )
    share_membership_date = fields.Date(
        string="Membership date",
        groups=SHARES_GROUP,
        help="Set by the first issue of shares when empty.",
    )
    share_line_ids = fields.One2many(
        "heat.share.line", "partner_id", string="Register", groups=SHARES_GROUP
    )
    share_subscription_ids = fields.One2many(
        "heat.share.subscription",
        "partner_id",
        string="Share subscriptions",
        groups=SHARES_GROUP,
    )
    share_count = fields.Integer(
        string="Shares held",
        compute="_compute_share_holdings",
        groups=SHARES_GROUP,
    )
    share_amount = fields.Monetary(
        string="Share capital held",
        compute="_compute_share_holdings",
        currency_field="currency_id",
        groups=SHARES_GROUP,
    )
    share_company_ids = fields.Many2many(
        "res.company",
        "res_partner_heat_share_company_rel",
        "partner_id",
        "company_id",
        string="Share registers",
        compute="_compute_share_company_ids",
        store=True,
        help="The companies this person holds, held or asked shares in. Their "
        "personal data is visible to those companies' users only (record rules).",
    )
    share_status = fields.Selection(
        [
            ("none", "Not a shareholder"),
            ("candidate", "Candidate"),
            ("member", "Shareholder"),
            ("former", "Former shareholder"),
        ],
        string="Shareholder status",
        compute="_compute_share_holdings",
        groups=SHARES_GROUP,
    )

    @api.depends(
        "share_line_ids.signed_quantity",
        "share_line_ids.state",
        "share_subscription_ids.state",
    )
    def _compute_share_holdings(self):
        for partner in self:
            lines = partner.share_line_ids.filtered(
                lambda line: (
                    line.state == "done"
                    and line.date <= fields.Date.context_today(line)
                )
            )
            partner.share_count = sum(lines.mapped("signed_quantity"))
            partner.share_amount = sum(lines.mapped("amount"))
            if partner.share_count > 0:
                partner.share_status = "member"
            elif lines:
                partner.share_status = "former"
            elif partner.share_subscription_ids.filtered(
                lambda s: s.state not in ("cancel", "issued")
            ):
                partner.share_status = "candidate"
            else:
                partner.share_status = "none"

    @api.depends("share_line_ids.company_id", "share_subscription_ids.company_id")
    def _compute_share_company_ids(self):
        for partner in self:
            partner.share_company_ids = (
                partner.share_line_ids.company_id
                | partner.share_subscription_ids.company_id
            )

    def action_view_share_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "heat_citizen_shares.heat_share_line_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _share_statement_values(self, year):
        """Movements of ``year`` and holdings at its start and end, per class."""
        self.ensure_one()
        start = fields.Date.to_date(f"{year}-01-01")
        end = fields.Date.to_date(f"{year}-12-31")
        Line = self.env["heat.share.line"]
        before = fields.Date.subtract(start, days=1)
        opening = Line._holdings_at(before, self.env.company, self)
        closing = Line._holdings_at(end, self.env.company, self)
        classes = self.env["heat.share.class"].browse(
            {key[1] for key in opening} | {key[1] for key in closing}
        )
        rows = [
            {
                "class": share_class,
                "opening": opening.get((self.id, share_class.id), 0),
                "closing": closing.get((self.id, share_class.id), 0),
                "amount": closing.get((self.id, share_class.id), 0)
                * share_class.nominal_value,
            }
            for share_class in classes.sorted("sequence")
        ]
        movements = self.share_line_ids.filtered(
            lambda line: line.state == "done" and start <= line.date <= end
        ).sorted(lambda line: (line.date, line.id))
        return {
            "year": year,
            "start": start,
            "end": end,
            "rows": rows,
            "movements": movements,
            "total": sum(row["amount"] for row in rows),
        }
