from . import pledge
from . import portal
