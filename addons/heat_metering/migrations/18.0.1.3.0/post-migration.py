# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The survey sector of the shipped building categories: the data file is noupdate
(users may change a sector), so a database upgraded from an earlier version gets
the sectors here, on the categories that have none yet."""

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_path


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    path = file_path("heat_metering/data/heat_building_category_data.xml")
    for record in etree.parse(path).getroot().iter("record"):
        category = env.ref(record.get("id"), raise_if_not_found=False)
        if category and not category.survey_sector:
            category.survey_sector = record.findtext("field[@name='survey_sector']")
