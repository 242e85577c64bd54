from . import heat_meter_reading
from . import heat_subscription
