from . import test_security
from . import test_heat_meter_reading
from . import test_heat_meter_reading_batch
from . import test_heat_consumption
from . import test_heat_network_kpi
from . import test_heat_weather_station
from . import test_heat_network_kpi_xlsx
from . import test_heat_meter_reading_import_robust
