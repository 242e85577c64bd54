from . import heat_share_register_xlsx
