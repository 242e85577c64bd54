from . import heat_tariff
from . import heat_subscription
from . import heat_billing_run
from . import heat_billing_run_line
from . import account_move
from . import crm_lead
