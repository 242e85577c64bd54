# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time
from datetime import UTC, datetime

import psycopg2.errors
from freezegun import freeze_time

from odoo import api
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


def _at(seconds_from_now):
    return datetime.fromtimestamp(time.time() + seconds_from_now, UTC)


@tagged("post_install", "-at_install")
class TestHeatWebFormSubmission(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Submission = cls.env["heat.web.form.submission"]

    def _params(self, served_seconds_ago=60, form="pledge", **extra):
        with freeze_time(_at(-served_seconds_ago)):
            token = self.Submission._heat_token(form)
        return {"heat_token": token, "heat_consent": "1", **extra}

    def test_a_person_s_form_is_counted_and_its_consent_kept(self):
        values = self.Submission._heat_check("pledge", self._params(), "192.0.2.1")
        self.assertIn(self.env.company.name, values["web_consent_text"])
        self.assertTrue(values["web_consent_date"])
        kept = self.Submission.search([("form", "=", "pledge")])
        self.assertEqual(len(kept), 1)
        self.assertNotIn("192.0.2.1", kept.address_key)

    def test_what_a_robot_sends_is_refused(self):
        robots = {
            "no token": {"heat_consent": "1"},
            "a forged token": dict(self._params(), heat_token="1700000000.abc"),
            "another form's token": self._params(form="shares"),
            "posted as soon as served": self._params(served_seconds_ago=0),
            "a page of yesterday": self._params(served_seconds_ago=86400),
            "the hidden field filled": self._params(heat_website="http://spam"),
        }
        for what, params in robots.items():
            with self.subTest(what), self.assertRaisesRegex(UserError, "reload"):
                self.Submission._heat_check("pledge", params, "192.0.2.1")
        self.assertFalse(self.Submission.search_count([]))

    def test_the_consent_names_the_operator_that_keeps_the_data(self):
        operator = self.env["res.company"].create({"name": "Régie de chaleur"})
        values = self.Submission._heat_check(
            "pledge", self._params(), "192.0.2.1", company=operator
        )
        self.assertIn("Régie de chaleur", values["web_consent_text"])
        self.assertNotIn(self.env.company.name, values["web_consent_text"])

    def test_consent_is_required(self):
        params = self._params()
        del params["heat_consent"]
        with self.assertRaisesRegex(UserError, "agree"):
            self.Submission._heat_check("pledge", params, "192.0.2.1")

    def test_five_an_hour_from_one_address(self):
        for _i in range(5):
            self.Submission._heat_check("pledge", self._params(), "192.0.2.1")
        with self.assertRaisesRegex(UserError, "Too many"):
            self.Submission._heat_check("pledge", self._params(), "192.0.2.1")
        # another address, another form: their own count
        self.Submission._heat_check("pledge", self._params(), "192.0.2.2")
        self.Submission._heat_check("shares", self._params(form="shares"), "192.0.2.1")
        # an hour later the address may send again
        with freeze_time(_at(3700)):
            self.Submission._heat_check("pledge", self._params(), "192.0.2.1")

    def test_the_limit_is_a_system_parameter(self):
        self.env["ir.config_parameter"].set_param("heat_web_form.hourly_limit", 1)
        self.Submission._heat_check("pledge", self._params(), "192.0.2.1")
        with self.assertRaisesRegex(UserError, "Too many"):
            self.Submission._heat_check("pledge", self._params(), "192.0.2.1")

    def test_two_submissions_at_once_from_one_address_wait_for_each_other(self):
        """The count is taken under a lock: while one submission is being
        recorded, another from the same address waits; from another address it
        does not."""
        self.Submission._heat_check("pledge", self._params(), "192.0.2.1")
        with self.registry.cursor() as other_cr:
            other_cr.execute("SET LOCAL lock_timeout = '200ms'")
            other = api.Environment(other_cr, api.SUPERUSER_ID, {})
            other["heat.web.form.submission"]._heat_check(
                "pledge", self._params(), "192.0.2.2"
            )
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.LockNotAvailable),
            ):
                other["heat.web.form.submission"]._heat_check(
                    "pledge", self._params(), "192.0.2.1"
                )
            other_cr.rollback()

    def test_submissions_are_read_by_system_administrators_only(self):
        self.Submission._heat_check("pledge", self._params(), "192.0.2.1")
        user = new_test_user(self.env, "heat_form_user", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.Submission.with_user(user).search([])

    def test_another_company_s_submissions_are_not_read(self):
        self.Submission._heat_check("pledge", self._params(), "192.0.2.1")
        other = self.env["res.company"].create({"name": "Other operator"})
        admin = new_test_user(
            self.env,
            "heat_form_admin",
            groups="base.group_system",
            company_id=other.id,
            company_ids=[other.id],
        )
        self.assertFalse(self.Submission.with_user(admin).search([]))
        self.assertTrue(
            self.Submission.with_user(admin)
            .with_company(self.env.company)
            .sudo()
            .search([])
        )

    def test_a_day_old_submissions_are_forgotten(self):
        self.Submission._heat_check("pledge", self._params(), "192.0.2.1")
        with freeze_time(_at(2 * 86400)):
            self.Submission._gc_heat_submissions()
        self.assertFalse(self.Submission.search_count([]))
