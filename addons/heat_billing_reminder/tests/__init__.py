from . import test_overdue_reminder_step
