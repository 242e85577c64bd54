# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Benchmark fed to `odoo shell` by `make bench` (tools/suite.py bench): `env` exists.
# The Collect step of a posted run of BENCH_DEBIT_COUNT subscriptions under a SEPA
# mandate (default 5,000): its invoices put into one direct debit order, confirmed
# and its pain.008 file built, as the run's Collect button does it; then the same
# invoices, from the same committed state, through OCA's own flow as a user does it
# by hand: the invoices selected in the list, "Add to Payment/Debit Order" (OCA's
# wizard), then Confirm and Generate on the order. Prints each side's time and
# queries per debit.
import os  # noqa: I001
import sys
import time
from datetime import date

sys.path.insert(0, "tests/bench")  # suite.py runs the benchmarks from the root
from billing_setup import posted_january, setup_billing, vacuum  # noqa: E402

COUNT = int(os.environ.get("BENCH_DEBIT_COUNT", "5000"))
env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821
company = env.company


def iban(number):
    """A valid French IBAN (ISO 13616 check digits) for account ``number``."""
    bban = f"3000600001{number:011d}89"
    digits = "".join(str(int(char, 36)) for char in bban + "FR00")
    return f"FR{98 - int(digits) % 97:02d}{bban}"


def setup_creditor():
    """The operator's creditor identifier and its SEPA direct debit payment mode on
    its bank journal, the Collect step's mode."""
    company.sepa_creditor_identifier = "FR72ZZZ123456"
    account = company.partner_id.bank_ids[:1] or env["res.partner.bank"].create(
        {"partner_id": company.partner_id.id, "acc_number": iban(99999)}
    )
    account.bank_id = env["res.bank"].create(
        {"name": "Crédit Coopératif", "bic": "CCOPFRPPXXX"}
    )
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
    )
    journal.bank_account_id = account
    company.heat_debit_payment_mode_id = env["account.payment.mode"].create(
        {
            "name": "Prélèvement SEPA",
            "company_id": company.id,
            "payment_method_id": env.ref(
                "account_banking_sepa_direct_debit.sepa_direct_debit"
            ).id,
            "bank_account_link": "fixed",
            "fixed_journal_id": journal.id,
            "payment_order_ok": True,
        }
    )


def setup_mandates(partners):
    accounts = env["res.partner.bank"].create(
        [{"partner_id": p.id, "acc_number": iban(n)} for n, p in enumerate(partners)]
    )
    mandates = env["account.banking.mandate"].create(
        [
            {
                "partner_bank_id": a.id,
                "company_id": company.id,
                "signature_date": date(2024, 12, 1),
                "format": "sepa",
                "type": "recurrent",
                "recurrent_sequence_type": "first",
                "scheme": "CORE",
            }
            for a in accounts
        ]
    )
    mandates.validate()
    by_partner = {m.partner_id.id: m.id for m in mandates}
    for subscription in env["heat.subscription"].search(
        [("partner_id", "in", partners.ids)]
    ):
        subscription.mandate_id = by_partner[subscription.partner_id.id]


def measure(step):
    """Seconds and queries of ``step()`` (not committed)."""
    env.invalidate_all()
    queries = env.cr.sql_log_count
    began = time.perf_counter()
    result = step()
    env.flush_all()
    return result, time.perf_counter() - began, env.cr.sql_log_count - queries


def check(orders):
    orders.invalidate_recordset()
    lines = orders.payment_line_ids
    assert orders.mapped("state") == ["generated"] * len(orders), orders.mapped("state")
    assert len(lines) == COUNT, len(lines)
    assert len(orders.payment_ids) == COUNT, len(orders.payment_ids)
    files = env["ir.attachment"].search_count(
        [("res_model", "=", "account.payment.order"), ("res_id", "in", orders.ids)]
    )
    assert files == len(orders), files
    return round(sum(lines.mapped("amount_currency")), 2)


setup_creditor()
network, partners = setup_billing(env, COUNT)
setup_mandates(partners)
run = posted_january(env, network, "Benchmark")
assert len(run._heat_moves_to_collect()) == COUNT
vacuum(env)
Order = env["account.payment.order"]
first_order = Order.search([], order="id desc", limit=1).id or 0


def oca_by_hand():
    invoices = run.move_ids
    wizard = (
        env["account.invoice.payment.line.multi"]
        .with_context(active_model="account.move", active_ids=invoices.ids)
        .create({})
    )
    wizard.run()
    orders = Order.search([("id", ">", first_order)])
    orders.draft2open()
    orders.open2generated()
    return orders


oca_orders, oca_time, oca_queries = measure(oca_by_hand)
oca_total = check(oca_orders)
oca_orders = len(oca_orders)
# back to the posted run as committed: the same invoices for the Collect step
env.cr.rollback()
env.invalidate_all()
assert len(run._heat_moves_to_collect()) == COUNT


def collect():
    run.action_collect()
    return Order.search([("id", ">", first_order)])


orders, heat_time, heat_queries = measure(collect)
heat_total = check(orders)
assert heat_total == oca_total, (heat_total, oca_total)
print(
    f"collecting {COUNT} invoices ({heat_total:,.2f} EUR) by direct debit, order "
    f"confirmed and pain.008 built: the Collect step {heat_time:.1f} s, "
    f"{heat_queries / COUNT:.1f} queries per debit ({len(orders)} order(s)); "
    f"OCA's own flow by hand (Add to Debit Order on the selected invoices, Confirm, "
    f"Generate) {oca_time:.1f} s, {oca_queries / COUNT:.1f} queries per debit "
    f"({oca_orders} order(s))"
)
