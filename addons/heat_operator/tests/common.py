# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from unittest.mock import patch

from odoo import Command
from odoo.tests import HttpCase, common, new_test_user
from odoo.tools.pdf import PdfReader


def pdf_text(pdf):
    """The text layer of a PDF, words separated by single spaces, read with the PDF
    library Odoo itself uses (no external program such as pdftotext)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def render_pdf(env, report, ids, lang="fr_FR"):
    """Render ``report`` (an xmlid or report name) as a real PDF in a test (Odoo
    renders HTML there unless asked not to) and return its text layer."""
    pdf, kind = (
        env["ir.actions.report"]
        .with_context(force_report_rendering=True, lang=lang)
        ._render_qweb_pdf(report, ids)
    )
    assert kind == "pdf", kind
    return pdf_text(pdf)


def attachment_names(record):
    """The names of the files attached to ``record`` (a printed document is kept
    there)."""
    return (
        record.env["ir.attachment"]
        .search([("res_model", "=", record._name), ("res_id", "=", record.id)])
        .mapped("name")
    )


def operator_company(env, name, siret="91234567500017", **values):
    """A French operator company with its legal identity, and the French chart of
    accounts when accounting is installed."""
    company = env["res.company"].create(
        {
            "name": name,
            "country_id": env.ref("base.fr").id,
            "street": "1 rue du Réseau",
            "zip": "43160",
            "city": "La Chaise-Dieu",
            "heat_legal_form": "SCIC SAS",
            "heat_variable_capital": True,
            "heat_share_capital": 15000,
            "heat_rcs_city": "Le Puy-en-Velay",
            **values,
        }
    )
    if "nic" in company._fields:
        # OCA's l10n_fr_siret (pulled in by Chorus Pro) keeps the SIRET as its SIREN
        # and NIC, and computes it from them
        company.write({"siren": siret[:9], "nic": siret[9:]})
    else:
        company.siret = siret
    if "account.chart.template" in env:
        env["account.chart.template"].try_loading(
            "fr", company=company, install_demo=False
        )
    return company


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


class HeatTourCase(HttpCase):
    """The suite's browser tests. Odoo gives Chromium 10 s to open its debugging
    port and otherwise skips the test; on a busy two-core machine a cold start once
    took longer (a skipped test fails the suite's run). Here it has 60 s."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(patch.object(common, "CHECK_BROWSER_ITERATIONS", 600))
