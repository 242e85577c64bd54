# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.heat_operator.controllers.download import pdf_download
from odoo.addons.portal.controllers.portal import CustomerPortal

from ..domain import portal_chart
from ..domain.reading_input import parse_index

CHART_WIDTH, CHART_HEIGHT = 600, 200


class HeatPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "heat_subscription_count" in counters:
            Subscription = request.env["heat.subscription"]
            values["heat_subscription_count"] = (
                Subscription.search_count(self._heat_domain())
                if Subscription.has_access("read")
                else 0
            )
        return values

    def _heat_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", partner.id), ("state", "!=", "draft")]

    def _heat_subscription(self, subscription_id):
        """The subscription, read as the user: another's is a 404 (its existence
        is not told)."""
        subscription = request.env["heat.subscription"].browse(subscription_id)
        try:
            subscription.check_access("read")
            shown = subscription.exists() and subscription.state != "draft"
        except (AccessError, MissingError):
            shown = False
        if not shown:
            raise request.not_found()
        return subscription

    @http.route(["/my/heat"], type="http", auth="user", website=True)
    def portal_my_heat(self, **kw):
        subscriptions = request.env["heat.subscription"].search(self._heat_domain())
        if len(subscriptions) == 1:
            return request.redirect(f"/my/heat/{subscriptions.id}")
        values = self._prepare_portal_layout_values()
        values.update(page_name="heat", subscriptions=subscriptions)
        return request.render("heat_portal.portal_my_heat", values)

    @http.route(
        ["/my/heat/<int:subscription_id>"], type="http", auth="user", website=True
    )
    def portal_my_heat_subscription(self, subscription_id, **kw):
        subscription = self._heat_subscription(subscription_id)
        return request.render(
            "heat_portal.portal_my_heat_subscription",
            self._heat_page_values(subscription, **kw),
        )

    def _heat_page_values(
        self, subscription, error=None, sent=None, power_error=None, asked=None, **kw
    ):
        readings = subscription._heat_portal_readings()
        months = subscription._heat_portal_consumption(
            subscription._heat_portal_chart_end(readings[:1])
        )
        series = [[row["kwh"] for row in months], [row["last_year"] for row in months]]
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="heat_subscription",
            subscription=subscription,
            substation=subscription.sudo().substation_id,
            months=months,
            bars=portal_chart.bars(series, CHART_WIDTH, CHART_HEIGHT),
            chart_width=CHART_WIDTH,
            chart_height=CHART_HEIGHT,
            readings=readings,
            powers=subscription._heat_portal_powers(),
            invoices=subscription._heat_portal_invoices(),
            tariffs=subscription.sudo()._heat_tariffs(),
            error=error,
            sent=sent,
            power_error=power_error,
            asked=asked,
            tomorrow=subscription._heat_portal_today() + timedelta(days=1),
        )
        return values

    @http.route(
        ["/my/heat/<int:subscription_id>/reading"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_heat_reading(self, subscription_id, index=None, photo=None, **kw):
        subscription = self._heat_subscription(subscription_id)
        index_kwh = parse_index(index)
        error = None
        if index_kwh is None:
            error = request.env._(
                "The index %(index)s is not a number of kWh.", index=index or ""
            )
        else:
            upload = None
            if photo and photo.filename:
                upload = {"name": photo.filename, "data": photo.read()}
            try:
                with request.env.cr.savepoint():
                    reading = subscription._heat_portal_send_reading(index_kwh, upload)
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
            except IntegrityError:
                error = request.env._(
                    "An index was already sent this minute: wait a moment."
                )
            else:
                state = "review" if reading.state == "suspect" else "valid"
                return request.redirect(
                    f"/my/heat/{subscription.id}?sent={state}#heat_reading"
                )
        return request.render(
            "heat_portal.portal_my_heat_subscription",
            self._heat_page_values(subscription, error=error),
        )

    @http.route(
        ["/my/heat/<int:subscription_id>/power"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_heat_power(self, subscription_id, power=None, date_start=None, **kw):
        subscription = self._heat_subscription(subscription_id)
        power_kw = parse_index(power)
        try:
            day = date.fromisoformat(date_start or "")
        except ValueError:
            day = None
        error = None
        if not power_kw or day is None:
            error = request.env._(
                "Give the power in kW and the date it should apply from "
                "(%(power)s, %(date)s given).",
                power=power or "",
                date=date_start or "",
            )
        else:
            try:
                with request.env.cr.savepoint():
                    subscription._heat_portal_ask_power(power_kw, day, kw.get("note"))
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
            else:
                return request.redirect(
                    f"/my/heat/{subscription.id}?asked=1#heat_power"
                )
        return request.render(
            "heat_portal.portal_my_heat_subscription",
            self._heat_page_values(subscription, power_error=error),
        )

    @http.route(
        [
            "/my/heat/<int:subscription_id>/document/<string:document>",
            "/my/heat/<int:subscription_id>/tariff/<int:tariff_id>",
        ],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_heat_document(
        self, subscription_id, document="tariff", tariff_id=None, **kw
    ):
        """The subscription's documents: its conditions, the tariff sheets of the
        versions that applied to it, the yearly notice of the online space."""
        subscription = self._heat_subscription(subscription_id)
        if document == "subscription":
            report, record = "heat_billing.heat_subscription_report", subscription
        elif document == "notice" and subscription.heat_notice_sent_date:
            report, record = "heat_portal.heat_online_space_notice_report", subscription
        elif document == "tariff":
            report = "heat_billing.heat_tariff_report"
            record = (
                subscription.sudo()
                ._heat_tariffs()
                .filtered(lambda tariff: tariff.id == tariff_id)
            )
        else:
            record = None
        if not record:
            raise request.not_found()
        return pdf_download(report, record)
