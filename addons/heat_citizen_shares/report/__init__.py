from . import heat_share_register_xlsx
from . import heat_share_meeting_minutes
from . import heat_share_interest_xlsx
