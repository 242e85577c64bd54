# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import formatLang

from ..domain import identity


class ResCompany(models.Model):
    _inherit = "res.company"

    heat_legal_form = fields.Char(
        string="Legal form",
        help="As the documents must state it, e.g. 'SCIC SAS' or 'SAS'.",
    )
    heat_variable_capital = fields.Boolean(
        string="Variable capital",
        help="Cooperatives (SCIC, SCOP) open to new members have a variable "
        "capital: the documents say so, with the capital below as its minimum.",
    )
    heat_share_capital = fields.Monetary(
        string="Share capital",
        currency_field="currency_id",
        help="The share capital stated on the documents (for a variable capital, "
        "the minimum under the articles of association).",
    )
    heat_rcs_city = fields.Char(
        string="RCS registry",
        help="The town of the commercial court registry (RCS) where the company "
        "is registered.",
    )
    heat_legal_mentions = fields.Char(
        string="Legal mentions", compute="_compute_heat_legal_mentions"
    )

    @api.depends(
        "name",
        "heat_legal_form",
        "heat_variable_capital",
        "heat_share_capital",
        "heat_rcs_city",
        "siret",
        "company_registry",
        "vat",
        "street",
        "zip",
        "city",
    )
    def _compute_heat_legal_mentions(self):
        for company in self:
            company.heat_legal_mentions = company._heat_legal_mentions()

    @api.constrains("siret")
    def _check_heat_siret(self):
        for company in self:
            if company.siret and not identity.siren(company.siret):
                raise ValidationError(
                    self.env._(
                        "The SIRET of %(company)s (%(siret)s) is not valid: 14 digits "
                        "whose check digit is right are expected.",
                        company=company.name,
                        siret=company.siret,
                    )
                )

    def _heat_siren(self):
        self.ensure_one()
        return identity.siren(self.siret) or identity.siren(self.company_registry)

    def _heat_legal_mentions(self):
        """The seller's identity that French law wants on invoices and business
        documents (Code de commerce R123-237 and 242 nonies A of the CGI annex II),
        in the language of ``self.env``: name, legal form and capital, address,
        SIREN, RCS, SIRET and VAT number, those that are known."""
        self.ensure_one()
        env = self.env
        parts = [self.name]
        form = self.heat_legal_form or ""
        if self.heat_variable_capital:
            form = env._("%(form)s with variable capital", form=form).strip()
        capital = ""
        if self.heat_share_capital:
            amount = formatLang(
                env, self.heat_share_capital, currency_obj=self.currency_id
            )
            capital = (
                env._("minimum capital %(amount)s", amount=amount)
                if self.heat_variable_capital
                else env._("capital %(amount)s", amount=amount)
            )
        parts.append(", ".join(p for p in (form, capital) if p))
        parts.append(" ".join(p for p in (self.street, self.zip, self.city) if p))
        siren = self._heat_siren()
        if siren:
            parts.append(
                env._("SIREN %(siren)s", siren=identity.format_siren(siren))
                + (
                    " " + env._("RCS %(city)s", city=self.heat_rcs_city)
                    if self.heat_rcs_city
                    else ""
                )
            )
        if self.siret:
            parts.append(env._("SIRET %(siret)s", siret=self.siret))
        if self.vat:
            parts.append(env._("VAT number %(vat)s", vat=self.vat))
        return " - ".join(p for p in parts if p)
