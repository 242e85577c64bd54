from . import heat_tariff_revise
