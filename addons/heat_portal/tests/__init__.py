from . import test_heat_portal
from . import test_heat_portal_documents
from . import test_heat_portal_tour
from . import test_heat_pledge_form
