# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.http import request


class HeatWebFormMixin:
    """What the suite's public forms share, mixed into each form's controller
    (``class MyForm(HeatWebFormMixin, http.Controller)``).

    Not an ``http.Controller`` itself: Odoo merges every controller class that
    derives from one same controller into a single class, and two forms would then
    share one ``_heat_field_labels``."""

    # the form's key for heat.web.form.submission (its token, its rate limit)
    _heat_form = None

    def _heat_field_labels(self):
        """``{field: label}`` of the form, for its error messages."""
        return {}

    def _heat_errors(self, errors):
        """Each wrong field's message, naming the field."""
        return request.env["heat.web.form.submission"]._heat_error_messages(
            errors, self._heat_field_labels()
        )

    def _heat_consent_company(self, companies):
        """The operator named in the consent text: the one company the form
        offers, else none (the text then names no one)."""
        return companies if len(companies) == 1 else None

    def _heat_save(self, post, company, record):
        """Check the submission (token, robot trap, rate, consent) and call
        ``record(consent_values)``, all or nothing: returns ``(result, None)``, or
        ``(None, message)`` for the visitor when the check or the record refused,
        with nothing written."""
        try:
            with request.env.cr.savepoint():
                consent = (
                    request.env["heat.web.form.submission"]
                    .sudo()
                    ._heat_check(
                        self._heat_form,
                        post,
                        request.httprequest.remote_addr,
                        company=company,
                    )
                )
                return record(consent), None
        except (UserError, ValidationError) as exc:
            return None, exc.args[0]
