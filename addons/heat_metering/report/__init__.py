from . import heat_network_kpi_xlsx
from . import heat_network_yearly_survey_xlsx
