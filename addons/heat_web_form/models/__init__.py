from . import heat_web_form_consent_mixin
from . import heat_web_form_submission
