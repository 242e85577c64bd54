# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..domain import form_token

MIN_SECONDS = 3  # a person reads a form for longer than that
MAX_SECONDS = 4 * 3600  # a token older than that is stale
HOURLY_LIMIT = 5  # submissions of one form from one address in an hour


class HeatWebFormSubmission(models.Model):
    """One submission of a public form, kept a day for the rate limit."""

    _name = "heat.web.form.submission"
    _description = "Public form submission"
    _order = "id desc"

    form = fields.Char(required=True, index=True, readonly=True)
    address_key = fields.Char(
        required=True, readonly=True, help="A keyed hash of the sender's address."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    def _heat_secret(self):
        return self.env["ir.config_parameter"].sudo().get_param("database.secret")

    def _heat_setting(self, key, default):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(f"heat_web_form.{key}", default)
        )

    @api.model
    def _heat_token(self, form):
        """The token to put in the form when it is served."""
        return form_token.sign(self._heat_secret(), form, time.time())

    @api.model
    def _heat_consent_text(self, company=None):
        """The consent's words, naming the operator that keeps the data (the
        company of what the form creates; the current one by default)."""
        company = company or self.env.company
        return self.env._(
            "I agree that %(company)s keeps the data of this form to answer my "
            "request and to contact me about the heat network. I may see, correct "
            "or erase them at any time by writing to %(company)s.",
            company=company.name,
        )

    @api.model
    def _heat_error_messages(self, errors, labels):
        """``{field: message}`` of the reasons a form's checks gave (``required``,
        ``invalid``, ``choice``, see ``domain/form_fields.py``), each naming its
        field by ``labels``."""
        messages = {}
        for field, reason in errors.items():
            if reason == "required":
                message = self.env._(
                    "%(field)s: please fill it in.", field=labels[field]
                )
            elif reason == "choice":
                message = self.env._(
                    "%(field)s: choose one of the list.", field=labels[field]
                )
            else:
                message = self.env._(
                    "%(field)s: this value is not valid.", field=labels[field]
                )
            messages[field] = message
        return messages

    @api.model
    def _heat_check(self, form, params, address, company=None):
        """Check a submission of ``form`` from ``address`` and count it.

        Returns the consent values to write on the record the form creates, for
        ``company`` (the operator that keeps the data; the current one by default).
        Raises UserError with words for the person when the form was not filled
        by a person (token, honeypot), consent is missing or the address sent
        too many. The count is settled by a lock on the (form, address) pair, so
        two submissions at once cannot both pass the last place.
        """
        secret = self._heat_secret()
        age = form_token.age(secret, form, params.get("heat_token"), time.time())
        if (
            params.get("heat_website")
            or age is None
            or not self._heat_setting("min_seconds", MIN_SECONDS) <= age <= MAX_SECONDS
        ):
            raise UserError(
                self.env._(
                    "This form could not be accepted. Please reload the page, fill "
                    "it in again and send it."
                )
            )
        if not params.get("heat_consent"):
            raise UserError(
                self.env._(
                    "Please agree to the processing of your data: we need it to "
                    "answer your request."
                )
            )
        key = form_token.address_key(secret, address or "")
        self.env.cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                f"heat_web_form:{form}:{key}",
            )
        )
        since = fields.Datetime.now() - timedelta(hours=1)
        sent = self.sudo().search_count(
            [
                ("form", "=", form),
                ("address_key", "=", key),
                ("create_date", ">=", since),
            ]
        )
        if sent >= self._heat_setting("hourly_limit", HOURLY_LIMIT):
            raise UserError(
                self.env._(
                    "Too many forms were sent from your connection in the last "
                    "hour. Please try again later or call us."
                )
            )
        self.sudo().create({"form": form, "address_key": key})
        return {
            "web_consent_date": fields.Datetime.now(),
            "web_consent_text": self._heat_consent_text(company),
        }

    @api.autovacuum
    def _gc_heat_submissions(self):
        self.sudo().search(
            [("create_date", "<", fields.Datetime.now() - timedelta(days=1))]
        ).unlink()
