# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import new_test_user, tagged

from odoo.addons.heat_billing.tests.common import HeatBillingCommon
from odoo.addons.heat_operator.tests.common import HeatTourCase, portal_user


@tagged("post_install", "-at_install")
class TestHeatPortalTour(HeatTourCase, HeatBillingCommon):
    """The school's subscriber in Chromium: its January 2025 invoice posted, its
    meter read on 1 January and 1 February 2025."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._complete_seller()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.subscription.write({"date_end": date(2024, 12, 31), "state": "closed"})
        cls._read(cls.meter2, date(2025, 1, 1), 5_000.0)
        cls._read(cls.meter2, date(2025, 2, 1), 21_830.0)
        cls.user = portal_user(cls.env, "ecole", cls.partner2, cls.company)

    def test_the_subscriber_opens_its_chart_and_downloads_its_invoice(self):
        run = self._run(date(2025, 1, 1), date(2025, 1, 31))
        run.action_compute()
        self._post(run)
        invoice = run.move_ids
        self.assertEqual(invoice.partner_id, self.partner2)
        self.start_tour("/my/home", "heat_portal_invoice", login="ecole")
        self.authenticate("ecole", "ecole-ecole")
        pdf = self.url_open(
            invoice.with_user(self.user).get_portal_url(
                report_type="pdf", download=True
            )
        )
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", pdf.headers["Content-Disposition"])
        # Odoo renders a report's HTML instead of its PDF while tests run (the PDF
        # itself is tested in heat_billing): the invoice is the subscriber's
        self.assertIn(invoice.name.encode(), pdf.content)

    def test_the_subscriber_sends_an_index_that_staff_then_validate(self):
        self.start_tour("/my/heat", "heat_portal_reading", login="ecole")
        reading = self.env["heat.meter.reading"].search([("source", "=", "portal")])
        self.assertEqual(reading.energy_kwh, 25_000.0)
        self.assertEqual(reading.meter_id, self.meter2)
        self.assertEqual(reading.state, "suspect")  # nearly two years since February
        # a metering user reviews it from the readings to review
        staff = new_test_user(
            self.env,
            login="releveur",
            groups="heat_metering.heat_metering_group_user",
            company_id=self.company.id,
        )
        action = reading.with_user(staff).action_review()
        review = (
            self.env[action["res_model"]]
            .with_user(staff)
            .with_context(action["context"])
            .create({"reason": "Photo conforme au compteur"})
        )
        review.action_apply()
        self.assertEqual(reading.state, "valid")
        self.assertEqual(reading.state_reason, "Photo conforme au compteur")
