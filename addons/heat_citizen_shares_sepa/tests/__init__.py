from . import test_heat_share_sepa
