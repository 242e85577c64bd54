from . import test_heat_shares_portal
