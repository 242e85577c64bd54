from . import heat_meter_reading_import
from . import heat_meter_reading_review
from . import heat_weather_import
from . import heat_network_yearly_report
