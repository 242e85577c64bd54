# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.heat_metering.domain.consumption import local_midnight
from odoo.addons.heat_operator.tests.common import operator_company

# the namespaces of the Cross Industry Invoice (Factur-X, Chorus Pro's CII)
UNECE = "urn:un:unece:uncefact:data:standard:"
CII_NS = {
    "ram": UNECE + "ReusableAggregateBusinessInformationEntity:100",
    "rsm": UNECE + "CrossIndustryInvoice:100",
}

# the study's tariff (R1 in EUR HT/MWh, R21 to R24 in EUR HT/kW/year), from 2024
STUDY_TARIFF = {
    "date_start": date(2024, 1, 1),
    "r1": 80.40,
    "r21": 3.0,
    "r22": 10.0,
    "r23": 5.0,
    "r24": 19.69,
}


class HeatBillingCommon(TransactionCase):
    """A French operator of its own (French chart loaded), a network with a tariff,
    two sub-stations with meters, subscribed powers and active subscriptions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls._french_company("Chaleur Bois Test")
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.env.user.company_ids |= cls.company
        cls.env.user.company_id = cls.company
        cls.tax = (
            cls.env["account.chart.template"]
            .with_company(cls.company)
            .ref("tva_reduite")
        )
        cls.tax.active = True
        cls.network = cls.env["heat.network"].create(
            {
                "name": "Billing test network",
                "code": "BTN",
                "company_id": cls.company.id,
                "heat_proration": "linear",
                "segment_ids": [Command.create({"name": "Main", "length_m": 500.0})],
            }
        )
        cls.tariff = cls.env["heat.tariff"].create(
            {
                "network_id": cls.network.id,
                "company_id": cls.company.id,
                **STUDY_TARIFF,
                "tax_id": cls.tax.id,
            }
        )
        category = cls.env["heat.building.category"].search([], limit=1)
        cls.partner = cls.env["res.partner"].create({"name": "Mairie de test"})
        cls.partner2 = cls.env["res.partner"].create({"name": "École de test"})
        cls.substation, cls.meter, cls.subscription = cls._connect(
            "1.01", "Mairie", cls.partner, 15.0, category
        )
        cls.substation2, cls.meter2, cls.subscription2 = cls._connect(
            "1.02", "École", cls.partner2, 20.0, category
        )
        cls._measure_production()

    @classmethod
    def _measure_production(cls):
        """A wood boiler metered over 2024 and 2025: the renewable share of every
        period is 100 %, which justifies the tariff's reduced VAT rate (posting
        otherwise needs a billing manager's confirmation)."""
        plant = cls.env["heat.plant"].create(
            {
                "name": "Chaufferie bois",
                "network_id": cls.network.id,
                "boiler_ids": [
                    Command.create({"name": "Bois", "power_kw": 500, "role": "main"})
                ],
            }
        )
        cls.production_meter = cls.env["heat.meter"].create(
            {"serial_number": "P-BOIS", "boiler_id": plant.boiler_ids.id}
        )
        cls._read(cls.production_meter, date(2024, 1, 1), 0.0)
        cls._read(cls.production_meter, date(2026, 1, 1), 2_000_000.0)

    @classmethod
    def _french_company(cls, name, siret="91234567500017"):
        return operator_company(cls.env, name, siret)

    @classmethod
    def _connect(cls, reference, name, partner, kw, category):
        building = cls.env["heat.building"].create(
            {
                "network_id": cls.network.id,
                "reference": reference,
                "name": name,
                "category_id": category.id,
                "owner_id": partner.id,
                "estimated_need_mwh": 60.0,
            }
        )
        substation = cls.env["heat.substation"].create(
            {
                "code": f"SST-{reference}",
                "building_id": building.id,
                "exchanger_power_kw": 200,
                "power_ids": [
                    Command.create(
                        {
                            "date_start": date(2024, 1, 1),
                            "power_kw": kw,
                            "decision": "accepted",
                        }
                    )
                ],
            }
        )
        meter = cls.env["heat.meter"].create(
            {
                "serial_number": f"M-{reference}",
                "installation_ids": [
                    Command.create(
                        {"substation_id": substation.id, "date_start": date(2024, 1, 1)}
                    )
                ],
            }
        )
        subscription = cls.env["heat.subscription"].create(
            {
                "substation_id": substation.id,
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "date_start": date(2024, 1, 1),
                "state": "active",
            }
        )
        return substation, meter, subscription

    @classmethod
    def _complete_seller(cls):
        """What EN 16931 wants of a seller (Factur-X, Odoo's sending): a VAT number,
        a phone and an e-mail, the account to pay to."""
        cls.company.write(
            {"vat": "FR65912345675", "phone": "+33 4 71 00 00 00", "email": "c@x.fr"}
        )
        cls.env["res.partner.bank"].create(
            {
                "partner_id": cls.company.partner_id.id,
                "acc_number": "FR7642559100000801234567812",
            }
        )

    @classmethod
    def _read_january(cls):
        """January 2025: 10 MWh at the town hall, 16.83 MWh at the school."""
        cls._read(cls.meter, date(2025, 1, 1), 1000.0)
        cls._read(cls.meter, date(2025, 2, 1), 11000.0)
        cls._read(cls.meter2, date(2025, 1, 1), 5000.0)
        cls._read(cls.meter2, date(2025, 2, 1), 21830.0)

    @classmethod
    def _read(cls, meter, day, kwh):
        """A reading at local midnight starting ``day`` (Paris), as French reading
        systems date them; a datetime is taken as it is (UTC)."""
        if not isinstance(day, datetime):
            day = local_midnight(day, "Europe/Paris")
        return cls.env["heat.meter.reading"].create(
            {"meter_id": meter.id, "timestamp": day, "energy_kwh": kwh}
        )

    def _post(self, run):
        """Post a computed run whose checks are not what the test is about, confirming
        them as a billing manager would (the confirmation has its own tests)."""
        if run.needs_post_confirmation:
            run._heat_confirm_post("Checks reviewed in the test")
        return run.action_post()

    def _end(self, **values):
        """End the test's subscription with the wizard's ``values``, confirmed."""
        return (
            self.env["heat.subscription.end"]
            .with_context(
                active_model="heat.subscription", active_id=self.subscription.id
            )
            .create(values)
            .action_confirm()
        )

    def _run(self, date_from, date_to, **extra):
        return self.env["heat.billing.run"].create(
            {
                "network_id": self.network.id,
                "company_id": self.company.id,
                "date_from": date_from,
                "date_to": date_to,
                "invoice_date": date_to,
                **extra,
            }
        )
