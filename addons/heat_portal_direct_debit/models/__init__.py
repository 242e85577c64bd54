from . import heat_subscription
