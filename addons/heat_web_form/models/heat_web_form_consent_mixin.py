# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HeatWebFormConsentMixin(models.AbstractModel):
    """The consent to data processing given on a public form, kept on the record
    the form created (GDPR art. 7(1): the controller must be able to show it)."""

    _name = "heat.web.form.consent.mixin"
    _description = "Consent given on a public form"

    web_consent_date = fields.Datetime(
        string="Consent given on", readonly=True, copy=False
    )
    web_consent_text = fields.Text(
        string="Consent text",
        readonly=True,
        copy=False,
        help="The words the person agreed to, as the form showed them.",
    )
