from . import account_payment_order
from . import heat_share_line
from . import heat_share_subscription
from . import res_company
from . import heat_share_interest
