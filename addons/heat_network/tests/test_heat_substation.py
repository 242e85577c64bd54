# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HeatNetworkCommon
from .test_security import MANAGER, USER


@tagged("post_install", "-at_install")
class TestHeatSubstation(HeatNetworkCommon):
    def _power(self, day, power, substation=None, **values):
        return self.env["heat.substation.power"].create(
            {
                "substation_id": (substation or self.substation).id,
                "date_start": day,
                "request_date": day,
                "power_kw": power,
                **values,
            }
        )

    def test_related_network_and_company(self):
        self.assertEqual(self.substation.network_id, self.network)
        self.assertEqual(self.substation.company_id, self.company)
        self.assertEqual(self.substation.name, "Town hall")

    def test_exchanger_power_must_be_positive(self):
        with self.assertRefused("SST-101"):
            self.substation.exchanger_power_kw = 0

    def test_subscribed_power_must_be_positive(self):
        with self.assertRefused("SST-101"):
            self._power("2025-01-01", 0)
        with self.assertRefused("SST-101"):
            self._power("2025-01-01", -10)

    def test_subscribed_power_above_exchanger(self):
        with self.assertRefused("SST-101.*exchanger power"):
            self._power("2025-01-01", 61)
        self._power("2025-01-01", 60)
        with self.assertRefused("SST-101.*exchanger power"):
            self.substation.exchanger_power_kw = 50

    @freeze_time("2026-06-15")
    def test_current_subscribed_power(self):
        self._power("2024-10-01", 45)
        self._power("2026-01-01", 60, reason="increase")
        self._power("2027-01-01", 40, reason="renovation", decision="pending")
        self.assertEqual(self.substation.subscribed_power_kw, 60)

    def test_decrease_under_twenty_percent_refused(self):
        self._power("2024-01-01", 50)
        with self.assertRefused("SST-101.*at least 20 %"):
            self._power("2025-01-01", 41, reason="renovation")
        line = self._power("2025-01-01", 40, reason="renovation")
        self.assertEqual(line.power_kw, 40)

    def test_decreases_two_years_apart(self):
        self._power("2020-01-01", 50)
        self._power("2022-01-01", 40, reason="renovation")
        with self.assertRefused("SST-101.*once every two years"):
            self._power("2023-12-31", 30, reason="renovation")
        self._power("2024-01-01", 30, reason="renovation")

    def test_refused_request_is_kept_but_ignored(self):
        self._power("2020-01-01", 50)
        refused = self._power(
            "2022-01-01",
            45,
            reason="renovation",
            decision="refused",
            refusal_reason="No energy-saving work was done.",
        )
        self.assertEqual(refused.decision, "refused")
        periods = self.substation._subscribed_power_periods(
            date(2022, 1, 1), date(2022, 12, 31)
        )
        self.assertEqual(
            periods[self.substation.id], [(date(2022, 1, 1), date(2022, 12, 31), 50)]
        )

    def test_request_dates(self):
        with self.assertRefused("SST-101.*before it was requested"):
            self._power("2025-01-01", 50, request_date="2025-02-01")
        with self.assertRefused("SST-101.*cannot precede its request"):
            self._power(
                "2025-01-01", 50, request_date="2024-12-01", decision_date="2024-11-01"
            )

    def test_two_changes_on_one_date_refused(self):
        self._power("2024-01-01", 50)
        with self.assertRefused("SST-101.*two subscribed power"):
            self._power("2024-01-01", 55)

    def test_subscribed_power_periods(self):
        other = self.env["heat.substation"].create(
            {"code": "SST-601", "building_id": self.house.id, "exchanger_power_kw": 25}
        )
        self._power("2024-10-01", 45)
        self._power("2025-03-01", 55, reason="increase")
        self._power("2025-01-15", 20, substation=other)
        substations = self.substation | other
        with self.assertQueryCount(1):
            periods = substations._subscribed_power_periods(
                date(2025, 1, 1), date(2025, 3, 31)
            )
        self.assertEqual(
            periods,
            {
                self.substation.id: [
                    (date(2025, 1, 1), date(2025, 2, 28), 45),
                    (date(2025, 3, 1), date(2025, 3, 31), 55),
                ],
                other.id: [(date(2025, 1, 15), date(2025, 3, 31), 20)],
            },
        )
        self.assertEqual(
            other._subscribed_power_periods("2024-01-01", "2024-12-31"), {other.id: []}
        )

    def test_one_open_substation_per_building(self):
        with self.assertRefused("Town hall"):
            self.env["heat.substation"].create(
                {
                    "code": "SST-102",
                    "building_id": self.building.id,
                    "exchanger_power_kw": 50,
                }
            )
        self.substation.state = "closed"
        replacement = self.env["heat.substation"].create(
            {
                "code": "SST-103",
                "building_id": self.building.id,
                "exchanger_power_kw": 50,
            }
        )
        self.assertEqual(self.building.substation_count, 2)
        self.assertIn(replacement, self.building.substation_ids)

    def test_create_with_power_history(self):
        substation = self.env["heat.substation"].create(
            {
                "code": "SST-601",
                "building_id": self.house.id,
                "exchanger_power_kw": 25,
                "power_ids": [
                    Command.create({"date_start": "2025-01-01", "power_kw": 20})
                ],
            }
        )
        self.assertEqual(substation.power_ids.power_kw, 20)

    # ------------------------------------------------------------ decisions

    def _january_2026_power(self):
        periods = self.substation._subscribed_power_periods(
            date(2026, 1, 1), date(2026, 1, 31)
        )
        return periods[self.substation.id][-1][2]

    def _request(self):
        self._power("2020-01-01", 50)
        return self._power(
            "2026-01-01",
            40,
            reason="renovation",
            decision="pending",
            request_date="2025-11-01",
        )

    @freeze_time("2025-11-20")
    def test_a_manager_accepts_a_request(self):
        request = self._request()
        manager = self._create_user("heat_power_manager", MANAGER)
        request.with_user(manager).action_accept()
        self.assertEqual(request.decision, "accepted")
        self.assertEqual(request.decision_date, date(2025, 11, 20))
        self.assertEqual(self._january_2026_power(), 40)
        with self.assertRaisesRegex(UserError, "already decided"):
            request.action_accept()

    @freeze_time("2025-11-20")
    def test_a_manager_refuses_a_request_with_its_reason(self):
        request = self._request()
        manager = self._create_user("heat_power_manager", MANAGER)
        action = request.with_user(manager).action_refuse()
        wizard = (
            self.env[action["res_model"]]
            .with_user(manager)
            .with_context(action["context"])
            .create({"reason": "Pas de travaux d'économie d'énergie."})
        )
        wizard.action_refuse()
        self.assertEqual(request.decision, "refused")
        self.assertEqual(request.decision_date, date(2025, 11, 20))
        self.assertEqual(request.refusal_reason, "Pas de travaux d'économie d'énergie.")
        self.assertEqual(self._january_2026_power(), 50)
        with self.assertRaisesRegex(UserError, "already decided"):
            request.action_refuse()

    def test_a_refusal_needs_its_reason(self):
        request = self._request()
        with self.assertRefused("SST-101.*needs the reason"):
            request.write({"decision": "refused", "refusal_reason": "  "})

    def test_a_network_user_does_not_decide(self):
        request = self._request()
        user = self._create_user("heat_power_user", USER)
        with self.assertRaises(AccessError):
            request.with_user(user).action_accept()
        self.assertEqual(request.decision, "pending")
