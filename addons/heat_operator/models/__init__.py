from . import res_company
from . import report_paperformat
