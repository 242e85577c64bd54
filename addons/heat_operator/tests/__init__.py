from . import test_res_company
