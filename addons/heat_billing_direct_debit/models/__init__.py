from . import account_banking_mandate
from . import account_move
from . import account_payment_order
from . import heat_billing_run
from . import heat_subscription
from . import payment_return
from . import payment_return_line
from . import res_company
