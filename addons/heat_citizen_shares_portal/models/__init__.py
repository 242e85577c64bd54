from . import heat_share_class
from . import heat_share_college
from . import heat_share_subscription
from . import res_partner
