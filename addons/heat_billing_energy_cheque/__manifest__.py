# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Billing - Chèque Énergie",
    "summary": "The State's chèque énergie as a means of paying heat invoices, its "
    "remittance and reimbursement",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["heat_billing"],
    "data": [
        "security/ir.model.access.csv",
        "security/heat_billing_energy_cheque_security.xml",
        "data/ir_sequence_data.xml",
        "views/account_payment_views.xml",
        "views/heat_energy_cheque_remittance_views.xml",
        "views/res_company_views.xml",
        "views/res_partner_views.xml",
    ],
    "demo": ["demo/heat_billing_energy_cheque_demo.xml"],
}
