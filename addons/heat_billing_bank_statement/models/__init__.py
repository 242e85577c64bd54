from . import account_bank_statement
from . import account_chart_template
