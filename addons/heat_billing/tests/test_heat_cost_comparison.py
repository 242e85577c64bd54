# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from lxml import html

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.heat_operator.tests.common import attachment_names, pdf_text

from .common import HeatBillingCommon


@tagged("post_install", "-at_install")
class TestHeatCostComparison(HeatBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        Reference = cls.env["heat.energy.reference"]
        cls.oil = Reference.create(
            {
                "company_id": cls.company.id,
                "network_id": cls.network.id,
                "date_start": date(2025, 5, 1),
                "energy": "heating_oil",
                "unit": "litre",
                "price_ttc": 1.15,
                "vat_rate": 20,
                "useful_kwh_per_unit": 8.415,
                "routine_maintenance_ht": 100,
                "major_maintenance_ht": 50,
                "replacement_ttc": 5720,
            }
        )
        cls.electricity = Reference.create(
            {
                "company_id": cls.company.id,
                "date_start": date(2025, 1, 1),
                "energy": "electricity",
                "unit": "kwh",
                "price_ttc": 0.1952,
                "vat_rate": 20,
                "useful_kwh_per_unit": 1,
                "standing_charge_ttc": 232.68,
            }
        )

    def _comparison(self, **values):
        return self.env["heat.cost.comparison"].create(
            {
                "name": "Maison fioul",
                "company_id": self.company.id,
                "network_id": self.network.id,
                "date": date(2025, 9, 1),
                "energy": "heating_oil",
                "quantity": 2000,
                "subscribed_kw": 20,
                "r1": 80.40,
                "r2": 37.69,
                **values,
            }
        )

    def test_reference_reads_as_its_energy_price_and_date(self):
        self.assertEqual(
            self.oil.with_context(lang="fr_FR").display_name,
            "Fioul domestique, 1,1500 € TTC par Litre depuis le 01/05/2025",
        )

    def test_worked_example_to_the_euro(self):
        comparison = self._comparison()
        self.assertEqual(comparison.reference_id, self.oil)
        self.assertAlmostEqual(comparison.useful_mwh, 16.83)
        self.assertEqual(round(comparison.network_total_ht), 2107)
        self.assertEqual(round(comparison.network_total_ttc), 2223)
        self.assertEqual(round(comparison.current_total_ht), 2416)
        self.assertEqual(round(comparison.current_total_ttc), 2854)
        self.assertEqual(round(comparison.network_ttc_per_mwh), 132)
        self.assertEqual(round(comparison.current_ttc_per_mwh), 170)

    def _electric_house(self, **values):
        return self._comparison(
            name="Maison électrique",
            energy="electricity",
            quantity=12000,
            subscribed_kw=12,
            r1=80,
            r2=39,
            sundry_ttc=100,
            investment=11000,
            **values,
        )

    def test_operator_default_reference_and_paybacks(self):
        comparison = self._electric_house()
        self.assertEqual(comparison.reference_id, self.electricity)
        self.assertAlmostEqual(comparison.network_total_ttc, 1506.54, places=2)
        self.assertAlmostEqual(comparison.current_total_ttc, 2675.08, places=2)
        self.assertAlmostEqual(comparison.saving_ttc, 1168.54, places=2)
        # Simple payback: 11,000 / 1,168.54, as the study computes it (the price
        # rises gave 7.63 years); discounted payback: price rises, discounted at 3 %.
        self.assertEqual(round(comparison.simple_payback, 2), 9.41)
        self.assertEqual(round(comparison.discounted_payback, 1), 8.6)
        self.assertEqual(comparison.simple_payback_text, "9.4 years")
        self.assertEqual(comparison.discounted_payback_text, "8.6 years")
        self.assertEqual(
            comparison.discounted_payback_label,
            "Discounted payback (price rises, discounted at 3 %)",
        )
        comparison.discount_rate = 4.5
        self.assertEqual(
            comparison.discounted_payback_label,
            "Discounted payback (price rises, discounted at 4.5 %)",
        )
        self.assertGreater(comparison.discounted_payback, 8.6)

    def test_payback_never_or_nothing_to_repay(self):
        # Cheap electricity: the network costs more, the investment is never repaid.
        self.electricity.price_ttc = 0.05
        comparison = self._electric_house()
        self.assertLess(comparison.saving_ttc, 0)
        self.assertEqual(comparison.simple_payback, 0.0)
        self.assertEqual(comparison.simple_payback_text, "never: no saving")
        self.assertEqual(comparison.discounted_payback_text, "beyond 20 years")
        oil_house = self._comparison()
        self.assertEqual(
            oil_house.simple_payback_text, "immediate: no investment to repay"
        )

    def test_new_comparison_opens_with_the_typical_house(self):
        form = Form(self.env["heat.cost.comparison"])
        # The company's only network, its tariff in force, the study's oil house.
        self.assertEqual(form.network_id, self.network)
        self.assertAlmostEqual(form.r1, 80.40)
        self.assertAlmostEqual(form.r2, 37.69)
        self.assertEqual(form.heat_vat_rate, 5.5)
        self.assertEqual(form.energy, "heating_oil")
        self.assertEqual(form.quantity, 2000)
        self.assertEqual(form.subscribed_kw, 20)
        self.assertEqual(
            (form.heat_yearly_rise, form.maintenance_rise, self.oil.yearly_rise),
            (2, 2, 4),
        )
        self.assertEqual((form.discount_rate, form.years), (3, 20))
        self.assertFalse(form.input_problems)
        self.assertEqual(round(form.network_total_ttc), 2223)
        self.assertEqual(round(form.current_total_ttc), 2854)
        self.assertIn("o_heat_chart_bar", form.projection_chart)
        comparison = form.save()
        self.assertEqual(round(comparison.saving_ttc), 632)
        # Another energy: the typical house's quantity in its unit.
        form = Form(comparison)
        form.energy = "electricity"
        self.assertEqual(form.quantity, 16830)

    def test_new_comparison_without_tariff_takes_the_pledge_prices(self):
        network = self.env["heat.network"].create(
            {
                "name": "Réseau en projet",
                "code": "PRJ",
                "company_id": self.company.id,
                "pledge_r1": 85.0,
                "pledge_r2": 40.0,
            }
        )
        form = Form(self.env["heat.cost.comparison"])
        # Two networks: none is chosen for the user.
        self.assertFalse(form.network_id)
        self.assertIn("choose the heat network", form.input_problems)
        self.assertFalse(form.projection_chart)
        form.network_id = network
        self.assertEqual((form.r1, form.r2, form.heat_vat_rate), (85.0, 40.0, 5.5))
        # No reference price of heating oil for this network.
        self.assertFalse(form.reference_id)
        self.assertIn("no reference price", form.input_problems)
        form.network_id = self.network
        self.assertAlmostEqual(form.r1, 80.40)
        self.assertEqual(form.quantity, 2000)
        self.assertFalse(form.input_problems)
        # Neither a tariff nor pledge prices: no result at 0 € of heat.
        network.write({"pledge_r1": 0, "pledge_r2": 0})
        form.network_id = network
        self.assertEqual((form.r1, form.r2), (0, 0))
        self.assertIn("enter R1 and R2", form.input_problems)

    def _bars(self, chart, series):
        """``(y, height)`` of the chart's bars of ``series``, year after year."""
        return [
            (float(bar.get("y")), float(bar.get("height")))
            for bar in html.fromstring(chart).xpath(
                "//rect[@data-series=$series]", series=series
            )
        ]

    def test_projection_chart(self):
        comparison = self._electric_house()
        chart = comparison.projection_chart
        network, current = self._bars(chart, "network"), self._bars(chart, "current")
        self.assertEqual(len(network), 20)
        self.assertEqual(len(current), 20)
        # Prices rise every year; electricity costs more than the network every year.
        heights = [height for _y, height in network]
        self.assertEqual(heights, sorted(heights))
        self.assertLess(heights[0], heights[-1])
        for (_y, net), (_y2, cur) in zip(network, current, strict=True):
            self.assertGreater(cur, net)
        # Cumulated savings less the 11,000 € investment: below zero for 7 years
        # (shrinking), above from the 8th (growing).
        savings = self._bars(chart, "savings")
        self.assertEqual(len(savings), 20)
        zero = savings[0][0]
        below, above = savings[:7], savings[7:]
        self.assertTrue(all(y == zero for y, _height in below))
        self.assertEqual(
            [height for _y, height in below],
            sorted((height for _y, height in below), reverse=True),
        )
        self.assertTrue(all(y + height <= zero + 0.01 for y, height in above))
        self.assertEqual(
            [height for _y, height in above], sorted(height for _y, height in above)
        )
        comparison.years = 30
        self.assertEqual(len(self._bars(comparison.projection_chart, "network")), 30)

    def test_bad_input_lists_every_comparison(self):
        zero = self._comparison(name="Zéro litre", quantity=0)
        no_price = self._comparison(name="Propane sans prix", energy="propane")
        with self.assertRaises(UserError) as caught:
            (zero | no_price)._check_inputs()
        message = str(caught.exception)
        self.assertIn("Zéro litre", message)
        self.assertIn("Propane sans prix", message)
        with self.assertRaises(UserError):
            zero.action_print()

    def test_from_a_building(self):
        building = self.substation.building_id
        building.write({"current_energy": "heating_oil", "current_quantity": 2000})
        action = building.action_heat_cost_comparison()
        comparison = self.env["heat.cost.comparison"].browse(action["res_id"])
        self.assertEqual(comparison.energy, "heating_oil")
        self.assertEqual(comparison.quantity, 2000)
        self.assertAlmostEqual(comparison.r1, self.tariff.price_per_mwh)

    def test_from_a_building_without_figures(self):
        # Nothing known of the building's heating: the typical house, not 0 kW.
        building = self.substation2.building_id
        action = building.action_heat_cost_comparison()
        comparison = self.env["heat.cost.comparison"].browse(action["res_id"])
        self.assertEqual(comparison.energy, "heating_oil")
        self.assertEqual(comparison.quantity, 2000)
        self.assertEqual(comparison.subscribed_kw, 20)
        self.assertAlmostEqual(comparison.r2, 37.69)
        self.assertEqual(comparison.heat_vat_rate, 5.5)
        self.assertFalse(comparison.input_problems)
        self.assertEqual(round(comparison.network_total_ttc), 2223)

    def test_pdf_for_the_prospect(self):
        comparison = self._comparison(investment=3000)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True, lang="fr_FR")
            ._render_qweb_pdf(
                "heat_billing.heat_cost_comparison_report", comparison.ids
            )
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        self.assertIn(
            f"Coût global - {comparison.name}.pdf", attachment_names(comparison)
        )
        for figure in ("2 107", "2 223", "2 416", "2 854", "132", "170"):
            self.assertIn(figure, text)
        # Both paybacks labelled, and the chart (SVG) printed with its legend.
        for expected in (
            "Temps de retour simple (investissement / économie de la première année)",
            "Temps de retour actualisé (hausses de prix, actualisé à 3 %)",
            "Réseau de chaleur (€ TTC/an)",
            "Économies cumulées moins l'investissement (€ TTC)",
        ):
            self.assertIn(expected, text)

    def test_report_html_labels_both_paybacks_and_draws_the_chart(self):
        comparison = self._electric_house()
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["heat_billing"], ["fr_FR"], overwrite=True
        )
        Report = self.env["ir.actions.report"]
        content, kind = Report._render_qweb_html(
            "heat_billing.heat_cost_comparison_report", comparison.ids
        )
        self.assertEqual(kind, "html")
        page = html.fromstring(content)
        text = " ".join(page.text_content().split())
        self.assertIn(
            "Simple payback (investment / first-year savings) 9.4 years", text
        )
        self.assertIn(
            "Discounted payback (price rises, discounted at 3 %) 8.6 years", text
        )
        self.assertEqual(len(page.xpath("//svg")), 2)
        self.assertEqual(len(page.xpath("//rect[@data-series='current']")), 20)
        content, kind = Report.with_context(lang="fr_FR")._render_qweb_html(
            "heat_billing.heat_cost_comparison_report", comparison.ids
        )
        text = " ".join(html.fromstring(content).text_content().split())
        self.assertIn(
            "Temps de retour simple (investissement / économie de la première "
            "année) 9,4 ans",
            text,
        )
        self.assertIn(
            "Temps de retour actualisé (hausses de prix, actualisé à 3 %) 8,6 ans",
            text,
        )
        self.assertIn("Réseau de chaleur (€ TTC/an)", text)
