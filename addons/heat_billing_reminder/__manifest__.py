# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Heat Billing - Overdue Reminders",
    "summary": "Reminders of overdue heat invoices at three levels, with the winter "
    "truce of main residences",
    "version": "18.0.1.0.0",
    "category": "Industries",
    "website": "https://github.com/la-boite-commune/heat-network-suite",
    "author": "La Boite Commune",
    "maintainers": ["la-boite-commune"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["heat_billing", "account_invoice_overdue_reminder"],
    "data": [
        "security/heat_billing_reminder_security.xml",
        "data/mail_template_data.xml",
        "report/report_overdue_reminder.xml",
        "views/heat_subscription_views.xml",
        "views/overdue_reminder_views.xml",
    ],
    "demo": ["demo/heat_billing_reminder_demo.xml"],
}
