from . import test_heat_billing_chorus
