# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import config

from ..domain.csv_format import FormatError, date_pattern

DROP_ROOT = "heat_drop_folder_root"


def resolve_drop_folder(root, folder):
    """The real path of ``folder`` (absolute, or relative to ``root``) when it lies
    under the real path of ``root``; else None. Symbolic links and ``..`` are
    resolved before the comparison, so neither leads out of the root."""
    if not root or not folder:
        return None
    base = os.path.realpath(root)
    path = os.path.realpath(os.path.join(base, folder))
    return path if os.path.commonpath([base, path]) == base else None


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
        groups="base.group_system",
        help="Folder read by the scheduled action, under the root named by "
        "heat_drop_folder_root in the server configuration (absolute, or relative to "
        "it): each file is imported in its own transaction, then moved to its done/ "
        "or error/ sub-folder with its report beside it.",
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

    @api.constrains("drop_folder")
    def _check_drop_folder(self):
        root = config.get(DROP_ROOT)
        for profile in self.sudo().filtered("drop_folder"):
            if not root:
                raise ValidationError(
                    self.env._(
                        "Import profile %(name)s: drop folders are off on this server "
                        "(no %(key)s in its configuration file).",
                        name=profile.name,
                        key=DROP_ROOT,
                    )
                )
            if not resolve_drop_folder(root, profile.drop_folder):
                raise ValidationError(
                    self.env._(
                        "Import profile %(name)s: the drop folder %(folder)s is not "
                        "under the server's drop folder root %(root)s.",
                        name=profile.name,
                        folder=profile.drop_folder,
                        root=root,
                    )
                )

    def _heat_drop_path(self):
        """The real path of the profile's drop folder, checked again against the
        root of the server configuration (which may have changed), or None."""
        self.ensure_one()
        return resolve_drop_folder(config.get(DROP_ROOT), self.sudo().drop_folder)

    def _heat_expected_columns(self):
        """The columns the profile reads and how, as shown to the user who imports
        a file (the encoding and the separator are recognised in the file)."""
        self.ensure_one()
        if self.file_type == "mbus":
            return self.env._("M-Bus frames in hexadecimal, one a line.")
        unit = dict(self._fields["energy_unit"]._description_selection(self.env))[
            self.energy_unit
        ]
        meter = (
            self.env._("meter (serial number)")
            if self.meter_match == "serial"
            else self.env._("meter (serial number or M-Bus secondary address)")
        )
        columns = [
            (self.column_meter, meter),
            (
                self.column_timestamp,
                self.env._(
                    "date (%(format)s, %(tz)s)", format=self.date_format, tz=self.tz
                ),
            ),
            (self.column_energy, self.env._("energy index (%(unit)s)", unit=unit)),
            (self.column_volume, self.env._("volume (m³)")),
            (self.column_flow_temperature, self.env._("flow temperature (°C)")),
            (self.column_return_temperature, self.env._("return temperature (°C)")),
            (self.column_power, self.env._("power (kW)")),
        ]
        lines = [
            f"{number}: {label}" for number, label in sorted(columns) if number > 0
        ]
        lines.append(
            self.env._(
                "Decimal separator: %(decimal)s; %(header)s header line(s); column "
                "separator %(sep)s by default (';', ',' and tabs are recognised); "
                "UTF-8 or Windows-1252 text.",
                decimal=self.decimal_separator,
                header=self.header_lines,
                sep=repr(self.delimiter),
            )
        )
        return "\n".join(lines)

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
