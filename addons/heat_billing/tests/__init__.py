from . import test_security
from . import test_heat_tariff
from . import test_heat_subscription
from . import test_heat_billing_run
from . import test_heat_cost_comparison
from . import test_account_move
from . import test_heat_tariff_revision
from . import test_heat_billing_run_xlsx
