from . import test_heat_shares_portal
from . import test_heat_shares_portal_tour
