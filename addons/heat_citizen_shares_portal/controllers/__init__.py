from . import portal
from . import subscribe
