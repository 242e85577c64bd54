# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.http import request

from odoo.addons.heat_web_form.controllers.form import HeatWebFormMixin

from ..domain.subscribe_input import check_subscription


class HeatShareSubscribeForm(HeatWebFormMixin, http.Controller):
    """The public share subscription form: a resident asks for shares, the request
    waits for the board's approval, then follows the register's usual steps."""

    _heat_form = "shares"

    def _heat_choices(self):
        """The classes and colleges offered on the web (names only), and the
        countries."""
        env = request.env
        classes = (
            env["heat.share.class"].sudo().search([("web_subscription", "=", True)])
        )
        colleges = (
            env["heat.share.college"]
            .sudo()
            .search(
                [
                    ("web_subscription", "=", True),
                    ("company_id", "in", classes.company_id.ids),
                ]
            )
        )
        countries = env["res.country"].sudo().search([])
        return classes, colleges, countries

    def _heat_field_labels(self):
        env = request.env
        return {
            "class": env._("Share class"),
            "quantity": env._("Number of shares"),
            "college": env._("College"),
            "kind": env._("You subscribe as"),
            "first_name": env._("First name"),
            "last_name": env._("Last name"),
            "birth_date": env._("Date of birth"),
            "company_name": env._("Company or association"),
            "siren": env._("SIREN"),
            "email": env._("E-mail"),
            "phone": env._("Phone"),
            "street": env._("Street and number"),
            "zip": env._("Postcode"),
            "city": env._("Town"),
            "country": env._("Country"),
            "payment": env._("Payment"),
            "iban": env._("IBAN of the account to debit"),
            "account_holder": env._("Account holder"),
        }

    def _heat_render(self, values=None, errors=None, message=None):
        classes, colleges, countries = self._heat_choices()
        france = str(request.env.ref("base.fr").id)
        return request.render(
            "heat_citizen_shares_portal.heat_share_subscribe_form",
            {
                "classes": classes,
                "colleges": colleges,
                "countries": countries,
                "values": values
                or {"kind": "person", "payment": "transfer", "country": france},
                "errors": errors or {},
                "message": message,
                "labels": self._heat_field_labels(),
                "heat_company": self._heat_consent_company(classes.company_id),
            },
        )

    @http.route(
        ["/shares/subscribe"],
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
    )
    def heat_share_subscribe(self, **kw):
        return self._heat_render()

    @http.route(
        ["/shares/subscribe"],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def heat_share_subscribe_send(self, **post):
        classes, colleges, countries = self._heat_choices()
        values, errors = check_subscription(
            post,
            {str(share_class.id) for share_class in classes},
            {str(college.id) for college in colleges},
            {str(country.id): country.code for country in countries},
            fields.Date.context_today(request.env.user),
        )
        share_class = classes.browse(int(values["class"] or 0))
        if values["college"] and share_class:
            college = colleges.browse(int(values["college"]))
            if college.company_id != share_class.company_id:
                errors["college"] = "choice"
        if errors:
            return self._heat_render(post, self._heat_errors(errors))
        subscription, message = self._heat_save(
            post,
            share_class.company_id,
            lambda consent: self._heat_record_subscription(
                values, share_class, consent
            ),
        )
        if message:
            return self._heat_render(post, message=message)
        return request.render(
            "heat_citizen_shares_portal.heat_share_subscribe_sent",
            {
                "subscription": subscription,
                "company": subscription.company_id,
                "bank": subscription.company_id.partner_id.bank_ids[:1],
            },
        )

    def _heat_record_subscription(self, values, share_class, consent):
        """A new subscriber (never one found by its e-mail: that would tell a
        visitor who is a member; staff merge duplicates) and its request, waiting
        for the board; created as the system, as Odoo's website forms do. The
        class's own rules (minimum, maximum, college) are checked by the model."""
        env = request.env
        company = share_class.company_id
        Partner = env["res.partner"].sudo().with_company(company)
        member = Partner.create(self._heat_prepare_partner_values(values, company))
        if values["kind"] == "company":
            # its representative, who filled the form
            Partner.create(
                {
                    **self._heat_prepare_person_values(values, company),
                    "type": "contact",
                    "parent_id": member.id,
                }
            )
        bank = env["res.partner.bank"]
        if values["payment"] == "mandate":
            bank = bank.sudo().create(
                {
                    "partner_id": member.id,
                    "acc_number": values["iban"],
                    "acc_holder_name": values["account_holder"],
                    "company_id": company.id,
                }
            )
        subscription = (
            env["heat.share.subscription"]
            .sudo()
            .with_company(company)
            .create(
                {
                    **self._heat_prepare_subscription_values(
                        values, share_class, member, bank
                    ),
                    **consent,
                }
            )
        )
        self._heat_tell_the_board(subscription)
        return subscription

    def _heat_prepare_person_values(self, values, company):
        """The person who filled the form."""
        return {
            "name": f"{values['first_name']} {values['last_name']}",
            "email": values["email"],
            "phone": values["phone"],
            "street": values["street"],
            "zip": values["zip"],
            "city": values["city"],
            "country_id": int(values["country"]),
            "company_id": company.id,
            "lang": request.env.lang,
        }

    def _heat_prepare_partner_values(self, values, company):
        """The new member: the person, or the legal person it represents."""
        member = {
            **self._heat_prepare_person_values(values, company),
            "share_college_id": int(values["college"]),
        }
        if values["kind"] == "company":
            member.update(
                {
                    "name": values["company_name"],
                    "is_company": True,
                    "company_registry": values["siren"],
                }
            )
            if "siren" in request.env["res.partner"]._fields:
                # OCA's l10n_fr_siret, when installed (by Chorus Pro)
                member["siren"] = values["siren"]
        return member

    def _heat_prepare_subscription_values(self, values, share_class, member, bank):
        """The request, in draft: it waits for the board's approval."""
        return {
            "partner_id": member.id,
            "class_id": share_class.id,
            "quantity": values["quantity"],
            "company_id": share_class.company_id.id,
            "request_origin": "web",
            "web_payment": values["payment"],
            "web_bank_id": bank.id,
            "web_birth_date": values["birth_date"],
        }

    def _heat_tell_the_board(self, subscription):
        """A note in the request's history, and an activity "To approve" for each
        share manager of the company (the board approves share subscriptions):
        Odoo's way of asking someone to act on a record, which also tells them by
        e-mail or in their inbox, as they chose in Odoo."""
        subscription.message_post(
            body=request.env._(
                "Share subscription asked on the web form: %(shares)s %(class)s "
                "shares for %(member)s, to approve.",
                shares=subscription.quantity,
                member=subscription.partner_id.display_name,
                **{"class": subscription.class_id.display_name},
            ),
            # the subscriber's words, not the public user's
            author_id=subscription.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        subscription._heat_ask_the_board()
