from . import test_domain
from . import test_heat_share_college
from . import test_heat_share_class
from . import test_heat_share_subscription
from . import test_heat_share_line
from . import test_heat_share_meeting
from . import test_res_partner
from . import test_security
