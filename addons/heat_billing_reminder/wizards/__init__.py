from . import overdue_reminder_step
