# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..domain.csv_format import FormatError, date_pattern


def _tz_selection(self):
    return [(tz, tz) for tz in pytz.common_timezones]


class HeatMeterReadingImportProfile(models.Model):
    _name = "heat.meter.reading.import.profile"
    _description = "Meter reading import profile"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Operator",
        required=True,
        default=lambda self: self.env.company,
    )
    source = fields.Selection(
        [("file", "File"), ("mbus", "M-Bus"), ("bms", "Building management system")],
        required=True,
        default="file",
    )
    file_type = fields.Selection(
        [
            ("csv", "CSV"),
            ("xlsx", "XLSX"),
            ("mbus", "M-Bus frames (hex, one a line)"),
            ("iec62056", "Optical readouts (IEC 62056-21)"),
        ],
        required=True,
        default="csv",
    )
    delimiter = fields.Char(required=True, default=";", size=1)
    decimal_separator = fields.Selection(
        [(",", "Comma"), (".", "Point")], required=True, default=","
    )
    encoding = fields.Selection(
        [("utf-8", "UTF-8"), ("cp1252", "Windows-1252 (Latin-1)")],
        required=True,
        default="utf-8",
    )
    header_lines = fields.Integer(default=1, help="Lines to skip at the top.")
    date_format = fields.Char(
        required=True,
        default="%d/%m/%Y %H:%M",
        help="Format of the timestamp column: %d %m %Y %H %M %S.",
    )
    tz = fields.Selection(
        _tz_selection,
        string="Time zone",
        required=True,
        default="Europe/Paris",
        help="Time zone of the file's timestamps; readings are stored in UTC.",
    )
    meter_match = fields.Selection(
        [("serial", "Serial number"), ("mbus", "Serial or M-Bus secondary address")],
        required=True,
        default="serial",
    )
    energy_unit = fields.Selection(
        [
            ("wh", "Wh"),
            ("kwh", "kWh"),
            ("mwh", "MWh"),
            ("gj", "GJ"),
            ("j", "J"),
            ("meter", "Unit of the meter"),
        ],
        required=True,
        default="kwh",
    )
    column_meter = fields.Integer(string="Meter column", default=1, required=True)
    column_timestamp = fields.Integer(string="Date column", default=2, required=True)
    column_energy = fields.Integer(string="Energy column", default=3, required=True)
    column_volume = fields.Integer(string="Volume column")
    column_flow_temperature = fields.Integer(string="Flow temperature column")
    column_return_temperature = fields.Integer(string="Return temperature column")
    column_power = fields.Integer(string="Power column (kW)")
    on_error = fields.Selection(
        [
            ("skip", "Import the valid lines, report the others"),
            ("abort", "Import nothing if a line is rejected"),
        ],
        required=True,
        default="skip",
    )
    drop_folder = fields.Char(
        help="Folder read by the scheduled action: files are imported then moved to "
        "its done/ or failed/ sub-folder."
    )

    @api.constrains("date_format")
    def _check_date_format(self):
        for profile in self:
            try:
                date_pattern(profile.date_format)
            except FormatError as exc:
                raise ValidationError(
                    self.env._(
                        "Import profile %(name)s: %(error)s",
                        name=profile.name,
                        error=str(exc),
                    )
                ) from exc

    @api.constrains(
        "column_meter", "column_timestamp", "column_energy", "delimiter", "header_lines"
    )
    def _check_columns(self):
        for profile in self:
            if (
                min(
                    profile.column_meter,
                    profile.column_timestamp,
                    profile.column_energy,
                )
                < 1
            ):
                raise ValidationError(
                    self.env._(
                        "Import profile %(name)s: columns are numbered from 1.",
                        name=profile.name,
                    )
                )
            if profile.header_lines < 0:
                raise ValidationError(
                    self.env._(
                        "Import profile %(name)s: header lines cannot be negative.",
                        name=profile.name,
                    )
                )
