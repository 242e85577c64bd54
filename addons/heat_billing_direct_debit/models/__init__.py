from . import res_company
from . import heat_subscription
from . import account_move
from . import heat_billing_run
