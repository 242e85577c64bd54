# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, format_datetime, formatLang
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.heat_metering.domain import degree_days
from odoo.addons.heat_metering.domain.consumption import local_date
from odoo.addons.heat_metering.models.heat_substation import DEFAULT_TZ, _bounds
from odoo.addons.heat_network.domain.subscribed_power import power_at

from ..domain import information, portal_chart

# what a subscriber may send: a photo of the meter's display
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/heic", "image/webp"}


class HeatSubscription(models.Model):
    """The subscriber's online space reads a subscription (the record the portal
    user may read, by its record rule), then what hangs off it in its own period
    only: its sub-station's readings and consumption, powers and invoices. A
    reading of the building before the subscription started or after it ended
    (another holder's) is never shown (ADR 0052)."""

    _inherit = "heat.subscription"

    heat_estimate_sent_date = fields.Date(
        string="Consumption estimate sent on",
        readonly=True,
        copy=False,
        help="The last quarterly consumption estimate sent to the subscriber.",
    )
    heat_notice_sent_date = fields.Date(
        string="Online space notice sent on",
        readonly=True,
        copy=False,
        help="The last yearly notice of the online space sent to the subscriber.",
    )

    def _heat_portal_bounds(self):
        """Naive UTC bounds of the subscription's period: from the local midnight
        starting it to the one ending it, ``None`` while it runs."""
        self.ensure_one()
        tz = self._heat_portal_tz()
        start, end = _bounds(self.date_start, self.date_end or self.date_start, tz)
        return start, end if self.date_end else None

    def _heat_portal_today(self):
        """Today in the network's time zone (a subscriber's browser may be
        elsewhere)."""
        return local_date(fields.Datetime.now(), self._heat_portal_tz())

    def _heat_portal_chart_end(self, last_reading):
        """The chart ends with the month before today's or, when the meter was last
        read earlier, the month before that reading's: the last measured year."""
        today = self._heat_portal_today()
        if not last_reading:
            return today
        return min(today, local_date(last_reading.timestamp, self._heat_portal_tz()))

    def _heat_portal_tz(self):
        return self.sudo().network_id.tz or DEFAULT_TZ

    def _heat_portal_consumption(self, today, count=12):
        """The chart's months: ``[{month, kwh, last_year, normalised, dju}]`` for
        the ``count`` whole months before ``today``; a month outside the
        subscription, or that no reading frames, has ``None``."""
        self.ensure_one()
        months = portal_chart.last_months(today, count)
        before = [portal_chart.year_before(month) for month in months]
        substation = self.sudo().substation_id
        series = substation._heat_consumption_series(before + months)
        network = substation.network_id
        daily = network._heat_daily_degree_days(before[0][0], months[-1][1]).get(
            network.id, {}
        )

        def kwh(month, value):
            inside = portal_chart.within(month, self.date_start, self.date_end)
            return value["kwh"] if inside and value["measured"] else None

        rows = []
        for month, last_year, value, previous in zip(
            months, before, series[count:], series[:count], strict=True
        ):
            dju = sum(v for day, v in daily.items() if month[0] <= day <= month[1])
            normal = network._heat_normal_degree_days(*month).get(network.id)
            measured = kwh(month, value)
            normalised = degree_days.normalised(measured, dju, normal)
            rows.append(
                {
                    "month": month[0],
                    "kwh": measured,
                    # a bound between two readings: the index there is interpolated
                    "estimated": measured is not None and value["estimated"],
                    "last_year": kwh(last_year, previous),
                    "normalised": normalised
                    if normalised is None
                    else float(normalised),
                    "dju": float(dju),
                }
            )
        return rows

    def _heat_portal_readings(self, limit=24):
        """The sub-station's readings (not rejected) in the subscription's period,
        newest first."""
        self.ensure_one()
        start, end = self._heat_portal_bounds()
        domain = [
            ("substation_id", "=", self.substation_id.id),
            ("timestamp", ">=", start),
            ("state", "!=", "rejected"),
        ]
        if end:
            domain.append(("timestamp", "<", end))
        return (
            self.env["heat.meter.reading"]
            .sudo()
            .search(
                domain,
                order="timestamp desc, id desc",
                limit=limit,
            )
        )

    def _heat_portal_powers(self):
        """The subscribed powers of the subscription, latest first: the one in
        force at its start, those accepted since, and the requests made since
        (waiting or refused)."""
        self.ensure_one()
        lines = (
            self.sudo()
            .substation_id.power_ids.filtered("date_start")
            .sorted("date_start", reverse=True)
        )
        started = lines.filtered(
            lambda line: (
                line.decision == "accepted" and line.date_start <= self.date_start
            )
        )[:1]
        since = lines.filtered(
            lambda line: (
                line.date_start > self.date_start
                or (line.request_date and line.request_date >= self.date_start)
            )
        )
        return (since | started).sorted("date_start", reverse=True)

    def _heat_portal_check_active(self):
        """What a subscriber sends is for a running subscription."""
        if self.state != "active":
            raise UserError(
                self.env._("Subscription %(name)s is not active.", name=self.name)
            )

    def _heat_portal_ask_power(self, power_kw, date_start, note=None):
        """The subscriber asks for a new subscribed power from ``date_start``: the
        rules of every change (positive, within the exchanger, a decrease of 20 %
        at least and two years after the last) are checked now; the request waits
        for the back office's decision."""
        self.ensure_one()
        today = self._heat_portal_today()
        self._heat_portal_check_active()
        if date_start <= today:
            raise ValidationError(
                self.env._(
                    "A subscribed power change applies from a future date "
                    "(%(date)s given).",
                    date=format_date(self.env, date_start),
                )
            )
        substation = self.sudo().substation_id
        if substation.power_ids.filtered(lambda line: line.decision == "pending"):
            raise UserError(
                self.env._(
                    "A subscribed power change of %(name)s already waits for your "
                    "operator's decision.",
                    name=substation.display_name,
                )
            )
        current = power_at(
            [
                (line.date_start, line.power_kw)
                for line in substation.power_ids
                if line.decision == "accepted" and line.date_start
            ],
            date_start,
        )
        request = (
            self.env["heat.substation.power"]
            .sudo()
            .create(
                {
                    "substation_id": substation.id,
                    "date_start": date_start,
                    "power_kw": power_kw,
                    "reason": "increase" if power_kw > current else "renovation",
                    "request_date": today,
                    "decision": "pending",
                    "note": (note or "").strip()[:200] or False,
                }
            )
        )
        self.sudo().message_post(
            body=self.env._(
                "%(user)s asks from the online space for %(power)s kW from "
                "%(date)s (%(current)s kW now): to decide on the sub-station's "
                "subscribed power history.",
                user=self.env.user.partner_id.name,
                power=power_kw,
                date=format_date(self.env, date_start),
                current=current,
            ),
            author_id=self.env.user.partner_id.id,
        )
        return request

    def _heat_portal_invoices(self):
        """The subscription's posted invoices and credit notes the user may read
        (Odoo's own portal rules on invoices)."""
        self.ensure_one()
        move_ids = (
            self.env["heat.billing.run.line"]
            .sudo()
            .search([("subscription_id", "=", self.id)])
            .move_id.ids
        )
        return self.env["account.move"].search(
            [("id", "in", move_ids), ("state", "=", "posted")],
            order="invoice_date desc, id desc",
        )

    def _heat_portal_format_moment(self, moment):
        return format_datetime(
            self.env, moment, tz=self._heat_portal_tz(), dt_format="short"
        )

    def _heat_portal_kwh(self, value):
        return formatLang(self.env, value, digits=0)

    def _heat_portal_kw(self, value):
        return formatLang(self.env, value, digits=1)

    def _heat_portal_format_month(self, month, date_format="MMM yyyy"):
        return format_date(self.env, month, date_format=date_format)

    def _heat_portal_send_reading(self, index_kwh, photo=None):
        """Record the index the subscriber read on its meter now, through the
        checks of every reading (flagged: it waits for a review); the photo on the
        reading. Returns the reading."""
        self.ensure_one()
        self._heat_portal_check_active()
        if index_kwh < 0:
            raise ValidationError(self.env._("An energy index cannot be negative."))
        if photo and (
            guess_mimetype(photo["data"]) not in PHOTO_TYPES
            or len(photo["data"]) > PHOTO_MAX_BYTES
        ):
            raise ValidationError(
                self.env._(
                    "The photo %(name)s must be a JPEG, PNG, HEIC or WebP image of "
                    "at most 10 MB.",
                    name=photo["name"],
                )
            )
        substation = self.sudo().substation_id
        if not substation.meter_id:
            raise UserError(
                self.env._(
                    "No meter is installed on sub-station %(name)s: call your "
                    "operator.",
                    name=substation.display_name,
                )
            )
        now = datetime.now().replace(second=0, microsecond=0)
        reading = (
            self.env["heat.meter.reading"]
            .sudo()
            .create(
                {
                    "meter_id": substation.meter_id.id,
                    "substation_id": substation.id,
                    "timestamp": now,
                    "energy_kwh": index_kwh,
                    "source": "portal",
                }
            )
        )
        reading._heat_check()
        attachments = []
        if photo:
            attachments = [(photo["name"], photo["data"])]
        reading.message_post(
            body=self.env._(
                "Index sent by %(user)s from the online space.",
                user=self.env.user.partner_id.name,
            ),
            attachments=attachments,
            author_id=self.env.user.partner_id.id,
        )
        return reading

    # ------------------------------------------------------------ information duties

    def _heat_portal_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/my/heat/{self.id}"

    def _heat_portal_last_months(self, count):
        """The last ``count`` measured months of the chart, for the notices."""
        self.ensure_one()
        end = self._heat_portal_chart_end(self._heat_portal_readings(limit=1))
        return self._heat_portal_consumption(end, count=count)

    @api.model
    def _heat_cron_information_duties(self, batch=100):
        """Cron: the quarterly consumption estimate and the yearly notice of the
        online space to the active subscriptions whose last one is old enough, by
        e-mail and in the subscription's chatter; ``batch`` of each at a time (Odoo
        commits each call and calls again while some remain: a failure loses no
        more than its call, and sends nothing twice)."""
        today = fields.Date.context_today(self)
        duties = [
            (
                "heat_estimate_sent_date",
                information.ESTIMATE_MONTHS,
                "heat_portal.mail_template_heat_consumption_estimate",
            ),
            (
                "heat_notice_sent_date",
                information.NOTICE_MONTHS,
                "heat_portal.mail_template_heat_online_space_notice",
            ),
        ]
        done = remaining = 0
        for field, months, template in duties:
            domain = [
                ("state", "=", "active"),
                "|",
                (field, "=", False),
                (field, "<=", information.sent_before(today, months)),
            ]
            subscriptions = self.search(domain, order="id", limit=batch)
            subscriptions._heat_send_information(template, field, today)
            done += len(subscriptions)
            remaining += self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _heat_send_information(self, template_xmlid, field, today):
        """Send the template to each subscriber by e-mail, logged on the
        subscription; a subscriber without e-mail gets a note to post it."""
        template = self.env.ref(template_xmlid)
        for subscription in self:
            if subscription.partner_id.email:
                subscription.message_post_with_source(
                    template,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
            else:
                subscription.message_post(
                    body=self.env._(
                        "%(notice)s not e-mailed: %(partner)s has no e-mail address; "
                        "send it by post.",
                        notice=template.name,
                        partner=subscription.partner_id.display_name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            subscription[field] = today
