"""Make ``import heat_<addon>.domain.<module>`` work without Odoo.

Each addon folder is registered as a bare package, so its ``__init__.py`` (which imports
Odoo models) is not executed; only the pure ``domain`` subpackages are imported.
"""

import sys
import types
from pathlib import Path

ADDONS = Path(__file__).resolve().parents[2] / "addons"

for addon in sorted(ADDONS.iterdir()):
    if (addon / "__manifest__.py").exists() and addon.name not in sys.modules:
        package = types.ModuleType(addon.name)
        package.__path__ = [str(addon)]
        sys.modules[addon.name] = package
