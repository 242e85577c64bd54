# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Benchmark fed to `odoo shell` by `make bench` (tools/suite.py bench): `env` exists.
# The Send step of a posted run of BENCH_SEND_COUNT subscriptions (default 200; every
# invoice is a real PDF rendered by wkhtmltopdf, about a second each on the bench
# machine: 5,000 take over an hour): the click (the invoices queued, in the request),
# then Odoo's cron of invoice sending called as a cron worker calls it, 10 invoices a
# call, each call committed, until none is left: PDF with its Factur-X, e-mail queued
# with the PDF attached. Prints the request's time, the sending time, the PDF rate
# and the time 5,000 invoices would take at that rate.
import os  # noqa: I001
import sys
import time

sys.path.insert(0, "tests/bench")  # suite.py runs the benchmarks from the root
from billing_setup import posted_january, setup_billing, vacuum  # noqa: E402

COUNT = int(os.environ.get("BENCH_SEND_COUNT", "200"))
env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821
# wkhtmltopdf fetches the reports' stylesheets from the bench database's own server
env["ir.config_parameter"].set_param("report.url", os.environ["HEAT_BENCH_URL"])
company = env.company
company.write(
    {"vat": "FR65912345675", "phone": "+33 4 71 00 00 00", "email": "bench@x.fr"}
)
if not company.partner_id.bank_ids:  # the demo operator has one
    env["res.partner.bank"].create(
        {
            "partner_id": company.partner_id.id,
            "acc_number": "FR7642559100000801234567812",
        }
    )
network, partners = setup_billing(env, COUNT)
for number, partner in enumerate(partners):
    partner.email = f"abonne{number}@example.org"
run = posted_january(env, network, "Benchmark")
vacuum(env)

began = time.perf_counter()
run.action_send()
env.cr.commit()
click = time.perf_counter() - began
Move = env["account.move"]
began = time.perf_counter()
while Move.search_count([("sending_data", "!=", False)]):
    Move._cron_account_move_send()
    env.cr.commit()
sending = time.perf_counter() - began
run.invalidate_recordset()
sent = run.sent_count
mails = env["mail.mail"].search_count(
    [("model", "=", "account.move"), ("res_id", "in", run.move_ids.ids)]
)
assert sent == COUNT and mails == COUNT, (sent, mails)
rate = sent / sending
print(
    f"sending {COUNT} invoices: the click {click * 1000:.0f} ms (queued), then "
    f"{sending:.1f} s in Odoo's sending cron: {rate:.2f} PDF/s (PDF with Factur-X, "
    f"e-mail queued with it); 5,000 invoices at that rate: {5000 / rate / 60:.0f} min "
    "for one cron worker"
)
