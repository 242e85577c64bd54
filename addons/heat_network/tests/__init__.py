from . import test_security
from . import test_heat_network
from . import test_heat_building
from . import test_heat_substation
from . import test_heat_meter
