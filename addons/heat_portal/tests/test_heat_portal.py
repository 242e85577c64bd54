# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.heat_billing.tests.common import HeatBillingCommon
from odoo.addons.heat_operator.tests.common import portal_user

# a 1x1 PNG: the photo of a meter's display, as a phone sends it
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
    "hKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestHeatPortal(HttpCase, HeatBillingCommon):
    """Two subscribers of the test operator, each with a portal user in French
    (the pages are read in French), and a subscriber of another operator; a year
    and a half of monthly indexes at the town hall, each month 1,000 kWh more than
    the one before."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = cls.subscription._heat_portal_today()
        first = cls.today.replace(day=1) - relativedelta(months=18)
        cls.index = {}
        index = 10_000.0
        for n in range(19):
            month = first + relativedelta(months=n)
            cls.index[month] = index
            cls._read(cls.meter, month, index)
            index += 1_000 * (n + 1)
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.user = portal_user(cls.env, "abonne", cls.partner, cls.company)
        cls.user2 = portal_user(cls.env, "abonne2", cls.partner2, cls.company)
        cls.other_company = cls._french_company("Autre opérateur")
        other_network = cls.env["heat.network"].create(
            {"name": "Autre réseau", "code": "AUT", "company_id": cls.other_company.id}
        )
        building = cls.env["heat.building"].create(
            {
                "network_id": other_network.id,
                "reference": "9.01",
                "name": "Ailleurs",
                "category_id": cls.substation.building_id.category_id.id,
                "company_id": cls.other_company.id,
            }
        )
        substation = cls.env["heat.substation"].create(
            {
                "code": "SST-9.01",
                "exchanger_power_kw": 100,
                "building_id": building.id,
                "company_id": cls.other_company.id,
            }
        )
        cls.other_subscription = cls.env["heat.subscription"].create(
            {
                "substation_id": substation.id,
                "partner_id": cls.partner.id,
                "company_id": cls.other_company.id,
                "date_start": date(2024, 1, 1),
                "state": "active",
            }
        )

    def _month_kwh(self, month):
        following = month + relativedelta(months=1)
        return self.index[following] - self.index[month]

    # ------------------------------------------------------------ record rules

    def test_a_subscriber_reads_only_its_own_subscriptions(self):
        Subscription = self.env["heat.subscription"].with_user(self.user)
        self.assertEqual(Subscription.search([]), self.subscription)
        with self.assertRaises(AccessError):
            self.subscription2.with_user(self.user).check_access("read")
        # another operator's subscription of the same person: its company's rule
        with self.assertRaises(AccessError):
            self.other_subscription.with_user(self.user).check_access("read")
        # the readings and sub-stations are reached through the subscription only
        for model in ("heat.meter.reading", "heat.substation", "heat.meter"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user).search([])

    def test_guessing_another_subscription_gives_a_404(self):
        self.authenticate("abonne2", "abonne2-abonne2")
        own = self.url_open(f"/my/heat/{self.subscription2.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn("SST-1.02", own.text)
        for other in (self.subscription, self.other_subscription):
            response = self.url_open(f"/my/heat/{other.id}")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("SST-1.01", response.text)

    def test_anonymous_visitors_are_sent_to_the_login(self):
        response = self.url_open(f"/my/heat/{self.subscription.id}")
        self.assertIn("/web/login", response.url)
        self.assertNotIn("SST-1.01", response.text)

    # ------------------------------------------------------------ the page

    def test_the_consumption_of_each_month_beside_last_year(self):
        rows = self.subscription.with_user(self.user)._heat_portal_consumption(
            self.today
        )
        self.assertEqual(len(rows), 12)
        last = self.today.replace(day=1) - relativedelta(months=1)
        self.assertEqual(rows[-1]["month"], last)
        for row in rows:
            previous = row["month"] - relativedelta(years=1)
            self.assertEqual(row["kwh"], self._month_kwh(row["month"]))
            expected = (
                self._month_kwh(previous)
                if previous + relativedelta(months=1) in self.index
                and previous in self.index
                else None
            )
            self.assertEqual(row["last_year"], expected)
        self.authenticate("abonne", "abonne-abonne")
        page = self.url_open(f"/my/heat/{self.subscription.id}").text
        self.assertIn("<svg", page)
        self.assertIn("Consommation mensuelle", page)
        self.assertIn("M-1.01", page)

    def test_a_month_is_brought_to_a_normal_climate(self):
        """Last month 15 degree-days a day (Tn 0, Tx 6) where the normal is 20: the
        month's consumption at normal climate is a third more."""
        first = self.today.replace(day=1) - relativedelta(months=1)
        days = (self.today.replace(day=1) - first).days
        station = self.env["heat.weather.station"].create(
            {
                "name": "La Chaise-Dieu",
                "code": "43062001",
                "company_id": self.company.id,
                "day_ids": [
                    Command.create(
                        {"date": first + relativedelta(days=n), "tn": 0.0, "tx": 6.0}
                    )
                    for n in range(days)
                ],
                "normal_ids": [
                    Command.create({"month": str(first.month), "dju": 20.0 * days})
                ],
            }
        )
        self.network.weather_station_id = station
        row = self.subscription.with_user(self.user)._heat_portal_consumption(
            self.today
        )[-1]
        self.assertEqual(row["dju"], 15.0 * days)
        kwh = self._month_kwh(first)
        self.assertEqual(row["kwh"], kwh)
        self.assertAlmostEqual(row["normalised"], kwh * 20 / 15, places=2)

    def test_the_chart_ends_with_the_last_measured_month(self):
        """The school's meter was last read on 1 January 2025: its chart is the
        year before, not twelve empty months."""
        self._read(self.meter2, date(2024, 1, 1), 1_000.0)
        self._read(self.meter2, date(2025, 1, 1), 5_000.0)
        subscription = self.subscription2.with_user(self.user2)
        end = subscription._heat_portal_chart_end(
            subscription._heat_portal_readings()[:1]
        )
        self.assertEqual(end, date(2025, 1, 1))
        rows = subscription._heat_portal_consumption(end)
        self.assertEqual(rows[0]["month"], date(2024, 1, 1))
        self.assertEqual(rows[-1]["month"], date(2024, 12, 1))
        self.assertAlmostEqual(sum(row["kwh"] for row in rows), 4_000.0, places=3)
        self.assertTrue(all(row["estimated"] for row in rows[1:-1]))
        # the town hall, read this month: its chart ends last month
        town_hall = self.subscription.with_user(self.user)
        end = town_hall._heat_portal_chart_end(town_hall._heat_portal_readings()[:1])
        self.assertEqual(end.replace(day=1), self.today.replace(day=1))

    def test_a_former_holder_does_not_see_the_next_holder(self):
        """The building changes hands at the start of last month: the town hall's
        subscription ends, the school's starts; the town hall no longer sees the
        index read since, nor that month's consumption."""
        change = self.today.replace(day=1) - relativedelta(months=1)
        self.subscription.date_end = change - relativedelta(days=1)
        self.env["heat.subscription"].create(
            {
                "substation_id": self.substation.id,
                "partner_id": self.partner2.id,
                "company_id": self.company.id,
                "date_start": change,
                "state": "active",
            }
        )
        subscription = self.subscription.with_user(self.user)
        readings = subscription._heat_portal_readings(limit=100)
        self.assertTrue(readings)
        self.assertFalse(readings.filtered(lambda r: r.timestamp.date() >= change))
        rows = subscription._heat_portal_consumption(self.today)
        self.assertIsNone(rows[-1]["kwh"])
        self.assertEqual(rows[-2]["kwh"], self._month_kwh(rows[-2]["month"]))

    # ------------------------------------------------------------ sending an index

    def _csrf_token(self, subscription):
        page = self.url_open(f"/my/heat/{subscription.id}").text
        marker = 'name="csrf_token" value="'
        start = page.index(marker) + len(marker)
        return page[start : page.index('"', start)]

    def _send(self, index, photo=None, mimetype="image/png", subscription=None):
        """The school's subscriber sends an index from its page."""
        subscription = subscription or self.subscription2
        files = {"photo": ("compteur.png", photo, mimetype)} if photo else None
        return self.url_open(
            f"/my/heat/{subscription.id}/reading",
            data={"index": index, "csrf_token": self._csrf_token(self.subscription2)},
            files=files,
        )

    def _sent(self):
        return self.env["heat.meter.reading"].search([("source", "=", "portal")])

    def _school_read_in_january(self):
        self.network.heat_max_gap_days = 0  # the index below is a year old
        self._read(self.meter2, date(2025, 1, 1), 5_000.0)
        self.authenticate("abonne2", "abonne2-abonne2")

    def test_a_subscriber_sends_an_index_with_a_photo(self):
        self._school_read_in_january()
        response = self._send("6\u202f250,7", PNG)
        self.assertIn("votre index est enregistré.", response.text)
        reading = self._sent()
        self.assertEqual(reading.energy_kwh, 6250.7)
        self.assertEqual(reading.meter_id, self.meter2)
        self.assertEqual(reading.substation_id, self.substation2)
        self.assertEqual(reading.state, "valid")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "heat.meter.reading"), ("res_id", "=", reading.id)]
        )
        self.assertEqual(attachment.raw, PNG)
        page = self.url_open(f"/my/heat/{self.subscription2.id}").text
        self.assertIn("6\xa0251", page)  # rounded to the kWh, French grouping

    def test_an_index_that_decreases_waits_for_a_review(self):
        self._school_read_in_january()
        response = self._send("12")
        self.assertIn("sera vérifié par votre exploitant", response.text)
        reading = self._sent()
        self.assertEqual(reading.state, "suspect")
        decrease = reading.with_context(lang="fr_FR")._heat_flag_messages()["decrease"]
        self.assertTrue(reading.state_reason.startswith(decrease.split("%")[0]))
        # staff accept it once they looked at the photo or the meter
        reading._heat_set_state("valid", "Checked on site")
        self.assertEqual(reading.state, "valid")

    def test_a_bad_index_or_photo_is_refused_in_words(self):
        self._school_read_in_january()
        response = self._send("douze")
        self.assertIn("douze n&#39;est pas un nombre de kWh", response.text)
        # a PDF said to be a PNG: the content decides
        response = self._send("6000", b"%PDF-1.4 not an image")
        self.assertIn("doit être une image JPEG, PNG, HEIC ou WebP", response.text)
        self.assertFalse(self._sent())

    def test_an_index_for_another_subscription_is_a_404(self):
        self._school_read_in_january()
        response = self._send("6000", subscription=self.subscription)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self._sent())

    @mute_logger("odoo.sql_db")
    def test_two_indexes_at_the_same_minute_are_told(self):
        self._school_read_in_january()
        with freeze_time(fields.Datetime.now().replace(second=10)):
            self._send("6000")
            response = self._send("6001")
        self.assertIn("déjà été envoyé à cette minute", response.text)
        self.assertEqual(len(self._sent()), 1)

    # ------------------------------------------------------------ subscribed power

    def _ask(self, power, day):
        return self.url_open(
            f"/my/heat/{self.subscription.id}/power",
            data={
                "power": power,
                "date_start": day.isoformat(),
                "note": "Isolation des combles",
                "csrf_token": self._csrf_token(self.subscription),
            },
        )

    def _requests(self):
        return self.substation.power_ids.filtered(lambda p: p.decision == "pending")

    def test_a_power_decrease_under_20_percent_is_refused_on_the_spot(self):
        self.authenticate("abonne", "abonne-abonne")
        response = self._ask("13", self.today + relativedelta(months=1))
        # 15 kW now: 12 kW at most
        self.assertIn("au moins 20", response.text)
        self.assertIn("12.0 kW", response.text)
        self.assertFalse(self._requests())

    def test_a_power_change_waits_for_the_back_office(self):
        self.authenticate("abonne", "abonne-abonne")
        day = self.today + relativedelta(months=1)
        response = self._ask("12", day)
        self.assertIn("votre exploitant en décidera", response.text)
        request = self._requests()
        self.assertEqual(
            (
                request.power_kw,
                request.date_start,
                request.reason,
                request.request_date,
            ),
            (12.0, day, "renovation", self.today),
        )
        self.assertIn("12.0 kW", self.subscription.message_ids[:1].body)
        # one request at a time
        response = self._ask("10", day + relativedelta(months=1))
        self.assertIn("attend déjà la décision", response.text)
        self.assertEqual(len(self._requests()), 1)
        # the back office accepts it: the power applies from its date
        request.write({"decision": "accepted", "decision_date": self.today})
        self.assertEqual(
            self.substation.with_context(tz="Europe/Paris")
            .power_ids.filtered(lambda p: p.date_start == day)
            .decision,
            "accepted",
        )

    def test_a_refused_power_change_shows_its_reason(self):
        self.authenticate("abonne", "abonne-abonne")
        self._ask("12", self.today + relativedelta(months=1))
        self._requests()._heat_refuse("Aucun travaux d'économie d'énergie constatés.")
        page = self.url_open(f"/my/heat/{self.subscription.id}").text
        self.assertIn("Aucun travaux d&#39;économie d&#39;énergie constatés.", page)

    def test_a_power_change_applies_from_a_future_date(self):
        self.authenticate("abonne", "abonne-abonne")
        response = self._ask("20", self.today)
        self.assertIn("date future", response.text)
        response = self._ask("500", self.today + relativedelta(days=1))
        self.assertIn("dépasse la puissance de son échangeur", response.text)
        self.assertFalse(self._requests())

    # ------------------------------------------------------------ information duties

    def _notices(self, subscription):
        comment = self.env.ref("mail.mt_comment")
        return subscription.message_ids.filtered(
            lambda m: m.subtype_id == comment
        ).sorted("id")

    def test_the_quarterly_estimate_and_the_yearly_notice_go_out_once(self):
        self.partner.email = "mairie@example.org"
        self.partner2.email = False
        Subscription = self.env["heat.subscription"]
        Subscription._heat_cron_information_duties()
        # the town hall: both, by e-mail, logged on the subscription
        estimate, notice = self._notices(self.subscription)
        self.assertIn(str(self.subscription.company_id.name), estimate.subject)
        month = self.today.replace(day=1) - relativedelta(months=1)
        kwh = self.subscription._heat_portal_kwh(self._month_kwh(month))
        self.assertIn(kwh.replace("\xa0", "&nbsp;"), estimate.body)
        self.assertIn(f"/my/heat/{self.subscription.id}", notice.body)
        self.assertEqual(estimate.partner_ids, self.partner)
        # e-mailed to the subscriber (the e-mail itself is sent and deleted)
        self.assertEqual(
            notice.notification_ids.mapped(
                lambda n: (n.res_partner_id, n.notification_type)
            ),
            [(self.partner, "email")],
        )
        self.assertEqual(self.subscription.heat_estimate_sent_date, self.today)
        self.assertEqual(self.subscription.heat_notice_sent_date, self.today)
        # the school has no e-mail: a note to post them
        self.assertFalse(self._notices(self.subscription2))
        self.assertIn("send it by post", self.subscription2.message_ids[0].body)
        # nothing again the next day, the estimate again a quarter later
        Subscription._heat_cron_information_duties()
        self.assertEqual(len(self._notices(self.subscription)), 2)
        self.subscription.heat_estimate_sent_date = self.today - relativedelta(months=3)
        Subscription._heat_cron_information_duties()
        self.assertEqual(len(self._notices(self.subscription)), 3)
        self.assertEqual(self.subscription.heat_notice_sent_date, self.today)

    def test_a_closed_subscription_gets_no_notice(self):
        self.partner.email = "mairie@example.org"
        self.subscription.state = "closed"
        self.env["heat.subscription"]._heat_cron_information_duties()
        self.assertFalse(self._notices(self.subscription))
        self.assertFalse(self.subscription.heat_notice_sent_date)

    def test_a_closed_subscription_takes_no_index_nor_request(self):
        self._school_read_in_january()
        token = self._csrf_token(self.subscription2)
        self.subscription2.write({"state": "closed", "date_end": self.today})
        page = self.url_open(f"/my/heat/{self.subscription2.id}").text
        self.assertNotIn('name="index"', page)
        for route, data in (
            ("reading", {"index": "6000"}),
            ("power", {"power": "15", "date_start": "2099-01-01"}),
        ):
            response = self.url_open(
                f"/my/heat/{self.subscription2.id}/{route}",
                data={**data, "csrf_token": token},
            )
            self.assertIn("n&#39;est pas actif", response.text)
        self.assertFalse(self._sent())
        self.assertFalse(
            self.substation2.power_ids.filtered(lambda p: p.decision == "pending")
        )

    def test_the_page_reads_in_a_constant_number_of_queries(self):
        """The page's data (twelve months beside the twelve before, the indexes, the
        powers, the invoices) costs as many queries with a reading a day as with
        one a month."""

        def queries():
            subscription = self.subscription.with_user(self.user)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            readings = subscription._heat_portal_readings()
            subscription._heat_portal_consumption(
                subscription._heat_portal_chart_end(readings[:1])
            )
            subscription._heat_portal_powers()
            subscription._heat_portal_invoices()
            return self.env.cr.sql_log_count - before

        queries()  # the registry's caches (rules, access rights) warmed
        monthly = queries()
        last = max(self.index)
        self.env["heat.meter.reading"].create(
            [
                {
                    "meter_id": self.meter.id,
                    "timestamp": fields.Datetime.to_datetime(last)
                    - relativedelta(days=day, hours=-12),
                    "energy_kwh": self.index[last] - 30 * day,
                }
                for day in range(1, 200)
            ]
        )
        self.assertEqual(queries(), monthly)
        self.assertLessEqual(monthly, 25)
