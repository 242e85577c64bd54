# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatNetwork(models.Model):
    _inherit = "heat.network"

    heat_web_pledge = fields.Boolean(
        string="Open to web pledges",
        help="Offered on the public connection pledge form (/heat/pledge), where a "
        "prospect sees a cost comparison with the network's tariff.",
    )
    heat_web_pledge_team_id = fields.Many2one(
        "crm.team",
        string="Sales team of web pledges",
        check_company=True,
        help="The pledges sent on the public form go to this team's pipeline, and its "
        "leader gets an activity to call the prospect back. Without a team, they wait "
        "unassigned in the operator's pipeline.",
    )
