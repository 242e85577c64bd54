from . import res_company
from . import chorus_flow
from . import account_move
from . import heat_billing_run
