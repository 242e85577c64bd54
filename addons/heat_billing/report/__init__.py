from . import heat_billing_run_xlsx
