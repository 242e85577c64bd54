from . import account_payment
from . import heat_energy_cheque_remittance
from . import res_company
from . import res_partner
