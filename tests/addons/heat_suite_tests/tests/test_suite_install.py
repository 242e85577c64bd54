# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

SUITE = ("heat_network", "heat_metering", "heat_billing", "heat_citizen_shares")


@tagged("post_install", "-at_install")
class TestSuiteInstall(TransactionCase):
    def test_all_addons_installed_in_one_version(self):
        """The four addons install together, at the same major version."""
        modules = self.env["ir.module.module"].search([("name", "in", SUITE)])
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 4)
        self.assertEqual({m.installed_version[:7] for m in modules}, {"18.0.1."})

    def test_french_is_loaded(self):
        """The users work in French: the suite's menus and groups are translated."""
        group = self.env.ref("heat_billing.heat_billing_group_manager").with_context(
            lang="fr_FR"
        )
        self.assertEqual(group.name, "Responsable")
