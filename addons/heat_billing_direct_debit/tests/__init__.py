from . import test_heat_billing_direct_debit
