# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..domain.subscribe_input import check_subscription

FORM = "shares"


class HeatShareSubscribeForm(http.Controller):
    """The public share subscription form: a resident asks for shares, the request
    waits for the board's approval, then follows the register's usual steps."""

    def _heat_choices(self):
        """The classes and colleges offered on the web; names only."""
        classes = (
            request.env["heat.share.class"]
            .sudo()
            .search([("web_subscription", "=", True)])
        )
        colleges = (
            request.env["heat.share.college"]
            .sudo()
            .search(
                [
                    ("web_subscription", "=", True),
                    ("company_id", "in", classes.company_id.ids),
                ]
            )
        )
        return classes, colleges

    def _heat_field_labels(self):
        _ = request.env._
        return {
            "class": _("Share class"),
            "quantity": _("Number of shares"),
            "college": _("College"),
            "kind": _("You subscribe as"),
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "birth_date": _("Date of birth"),
            "company_name": _("Company or association"),
            "siren": _("SIREN"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "street": _("Street and number"),
            "zip": _("Postcode"),
            "city": _("Town"),
            "payment": _("Payment"),
            "iban": _("IBAN of the account to debit"),
            "account_holder": _("Account holder"),
        }

    def _heat_errors(self, errors):
        _ = request.env._
        reasons = {
            "required": _("%(field)s: please fill it in."),
            "invalid": _("%(field)s: this value is not valid."),
            "choice": _("%(field)s: choose one of the list."),
        }
        labels = self._heat_field_labels()
        return {
            field: reasons[reason] % {"field": labels[field]}
            for field, reason in errors.items()
        }

    def _heat_render(self, values=None, errors=None, message=None):
        classes, colleges = self._heat_choices()
        return request.render(
            "heat_citizen_shares_portal.heat_share_subscribe_form",
            {
                "classes": classes,
                "colleges": colleges,
                "values": values or {"kind": "person", "payment": "transfer"},
                "errors": errors or {},
                "message": message,
                "labels": self._heat_field_labels(),
                "heat_company": classes.company_id
                if len(classes.company_id) == 1
                else None,
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
        classes, colleges = self._heat_choices()
        values, errors = check_subscription(
            post,
            {str(share_class.id) for share_class in classes},
            {str(college.id) for college in colleges},
            fields.Date.context_today(request.env.user),
        )
        share_class = classes.browse(int(values["class"] or 0))
        if values["college"] and share_class:
            college = colleges.browse(int(values["college"]))
            if college.company_id != share_class.company_id:
                errors["college"] = "choice"
        if errors:
            return self._heat_render(post, self._heat_errors(errors))
        try:
            with request.env.cr.savepoint():
                consent = (
                    request.env["heat.web.form.submission"]
                    .sudo()
                    ._heat_check(
                        FORM,
                        post,
                        request.httprequest.remote_addr,
                        company=share_class.company_id,
                    )
                )
                subscription = self._heat_record_subscription(
                    values, share_class, consent
                )
        except (UserError, ValidationError) as exc:
            return self._heat_render(post, message=exc.args[0])
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
        person = {
            "name": f"{values['first_name']} {values['last_name']}",
            "email": values["email"],
            "phone": values["phone"],
            "street": values["street"],
            "zip": values["zip"],
            "city": values["city"],
            "country_id": env.ref("base.fr").id,
            "company_id": company.id,
            "lang": env.lang,
        }
        if values["kind"] == "company":
            member = Partner.create(
                {
                    **person,
                    "name": values["company_name"],
                    "is_company": True,
                    "company_registry": values["siren"],
                    "share_college_id": int(values["college"]),
                }
            )
            # its representative, who filled the form
            Partner.create({**person, "type": "contact", "parent_id": member.id})
        else:
            member = Partner.create(
                {**person, "share_college_id": int(values["college"])}
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
                    "partner_id": member.id,
                    "class_id": share_class.id,
                    "quantity": values["quantity"],
                    "company_id": company.id,
                    "web_payment": values["payment"],
                    "web_bank_id": bank.id,
                    **consent,
                }
            )
        )
        self._heat_tell_the_board(subscription)
        return subscription

    def _heat_tell_the_board(self, subscription):
        """The share managers of the company are notified of the request (their
        inbox or e-mail, as they chose in Odoo)."""
        managers = (
            request.env.ref("heat_citizen_shares.heat_citizen_shares_group_manager")
            .sudo()
            .users.filtered(lambda user: subscription.company_id in user.company_ids)
        )
        subscription.message_post(
            body=request.env._(
                "Share subscription asked on the web form: %(shares)s %(class)s "
                "shares for %(member)s, to approve.",
                shares=subscription.quantity,
                member=subscription.partner_id.display_name,
                **{"class": subscription.class_id.display_name},
            ),
            partner_ids=managers.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
