"""Make ``import heat_<addon>.domain.<module>`` work without Odoo.

Each addon folder is registered as a bare package, so its ``__init__.py`` (which imports
Odoo models) is not executed; only the pure ``domain`` subpackages are imported. A
domain module that uses another addon's (``from odoo.addons.heat_web_form.domain
import ...``, as it must inside Odoo) gets the same bare package under that name.
"""

import sys
import types
from pathlib import Path

ADDONS = Path(__file__).resolve().parents[2] / "addons"

for name in ("odoo", "odoo.addons"):
    if name not in sys.modules:
        module = types.ModuleType(name)
        module.__path__ = []
        sys.modules[name] = module

for addon in sorted(ADDONS.iterdir()):
    if (addon / "__manifest__.py").exists() and addon.name not in sys.modules:
        package = types.ModuleType(addon.name)
        package.__path__ = [str(addon)]
        sys.modules[addon.name] = package
        sys.modules[f"odoo.addons.{addon.name}"] = package
