from . import heat_tariff_revise
from . import heat_network_balance
from . import heat_billing_run_post
from . import heat_subscription_end
