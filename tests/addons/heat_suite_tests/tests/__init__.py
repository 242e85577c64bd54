from . import test_suite_install
from . import test_pledge_to_invoice
