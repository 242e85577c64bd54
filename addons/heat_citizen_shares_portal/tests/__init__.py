from . import test_heat_shares_portal
from . import test_heat_shares_portal_meeting
from . import test_heat_shares_portal_tour
from . import test_heat_share_subscribe_form
