# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import new_test_user


def portal_user(env, login, partner, company):
    """A French subscriber's portal access for ``partner``; its password is
    ``login-login``."""
    return new_test_user(
        env,
        login=login,
        name=partner.name,
        password=f"{login}-{login}",
        groups="base.group_portal",
        lang="fr_FR",
        partner_id=partner.id,
        company_id=company.id,
        company_ids=[Command.set(company.ids)],
    )
