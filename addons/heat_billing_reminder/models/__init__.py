from . import heat_subscription
from . import overdue_reminder_action
