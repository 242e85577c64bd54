from . import test_account_bank_statement_line
