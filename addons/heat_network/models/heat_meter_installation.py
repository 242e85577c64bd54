# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..domain.periods import first_overlap


class HeatMeterInstallation(models.Model):
    _name = "heat.meter.installation"
    _description = "Meter installation"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    meter_id = fields.Many2one(
        "heat.meter",
        string="Meter",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    substation_id = fields.Many2one(
        "heat.substation",
        string="Sub-station",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    network_id = fields.Many2one(
        related="substation_id.network_id", store=True, string="Network"
    )
    company_id = fields.Many2one(
        related="meter_id.company_id", store=True, precompute=True, index=True
    )
    date_start = fields.Date(
        string="Installed on", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(
        string="Removed on",
        help="Removal date: the meter's successor may be installed in the sub-station "
        "the same day; the meter itself may be installed elsewhere from the next day. "
        "Leave empty while the meter is in place.",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "dates_order",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A meter cannot be removed before it is installed.",
        ),
    ]

    @api.depends("meter_id", "substation_id", "date_start", "date_end")
    def _compute_display_name(self):
        for installation in self:
            installation.display_name = self.env._(
                "%(meter)s in %(substation)s from %(start)s%(end)s",
                meter=installation.meter_id.display_name or "",
                substation=installation.substation_id.display_name or "",
                start=installation.date_start or "",
                end=self.env._(" to %(date)s", date=installation.date_end)
                if installation.date_end
                else "",
            )

    @api.constrains("meter_id", "substation_id", "date_start", "date_end")
    def _check_overlap(self):
        """One meter in one sub-station at a time, one meter per sub-station.

        In a sub-station, the removal day belongs to the successor (a swap within a
        day). A meter, though, is in one place for the whole removal day, so that its
        readings of that day are attributed without doubt: it can be installed
        elsewhere from the next day.
        """
        rows = self.search_read(
            [
                "|",
                ("meter_id", "in", self.meter_id.ids),
                ("substation_id", "in", self.substation_id.ids),
            ],
            ["meter_id", "substation_id", "date_start", "date_end"],
        )
        by_meter, by_substation = defaultdict(list), defaultdict(list)
        for row in rows:
            end = row["date_end"] or None
            by_meter[row["meter_id"][0]].append(
                (row["id"], row["date_start"], end and end + timedelta(days=1))
            )
            by_substation[row["substation_id"][0]].append(
                (row["id"], row["date_start"], end)
            )
        for meter in self.meter_id:
            pair = first_overlap(by_meter[meter.id])
            if pair:
                first, second = self.browse(pair)
                raise ValidationError(
                    self.env._(
                        "Meter %(meter)s cannot be installed in two places at once: "
                        "%(first)s overlaps %(second)s.",
                        meter=meter.display_name,
                        first=first.display_name,
                        second=second.display_name,
                    )
                )
        for substation in self.substation_id:
            pair = first_overlap(by_substation[substation.id])
            if pair:
                first, second = self.browse(pair)
                raise ValidationError(
                    self.env._(
                        "Sub-station %(substation)s cannot hold two meters at once: "
                        "%(first)s overlaps %(second)s.",
                        substation=substation.display_name,
                        first=first.display_name,
                        second=second.display_name,
                    )
                )
