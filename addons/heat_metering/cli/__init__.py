from . import import_readings
