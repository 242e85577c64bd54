from . import heat_network_kpi_xlsx
