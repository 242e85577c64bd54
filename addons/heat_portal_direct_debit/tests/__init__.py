from . import test_heat_portal_mandate
