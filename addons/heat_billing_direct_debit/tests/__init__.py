from . import test_heat_billing_direct_debit
from . import test_payment_return
