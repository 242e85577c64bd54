from . import heat_substation_power_refuse
