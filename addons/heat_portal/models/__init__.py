from . import crm_lead
from . import heat_meter_reading
from . import heat_network
from . import heat_subscription
