from . import test_heat_web_form_submission
