from . import heat_share_subscription_payment
from . import heat_share_line_request
from . import heat_share_subscription_call
