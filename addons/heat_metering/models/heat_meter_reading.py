# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, create_index

from ..fields import Many2oneNoForeignKey

SOURCES = [
    ("manual", "Manual round"),
    ("file", "File"),
    ("mbus", "M-Bus"),
    ("bms", "Building management system"),
    ("estimate", "Estimate"),
]
LOCK_FREE_FIELDS = {"is_locked"}


class HeatMeterReading(models.Model):
    _name = "heat.meter.reading"
    _description = "Meter reading"
    _inherit = ["mail.thread"]
    _order = "timestamp desc, id desc"
    _rec_name = "timestamp"
    _check_company_auto = True

    meter_id = fields.Many2one(
        "heat.meter",
        string="Meter",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    # the foreign key of every imported row is checked on meter_id only: the
    # sub-station, the company and the batch come from the database in the same
    # transaction (ADR 0033)
    substation_id = Many2oneNoForeignKey(
        "heat.substation",
        string="Sub-station",
        compute="_compute_substation_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="Sub-station where the meter was installed at the reading's time.",
    )
    boiler_id = fields.Many2one(related="meter_id.boiler_id", string="Boiler")
    network_id = fields.Many2one(
        "heat.network",
        compute="_compute_network_id",
        search="_search_network_id",
        string="Network",
    )
    company_id = Many2oneNoForeignKey(
        related="meter_id.company_id", store=True, precompute=True
    )
    timestamp = fields.Datetime(
        required=True, help="Time of the reading (stored in UTC)."
    )
    energy_kwh = fields.Float(
        string="Energy index (kWh)",
        digits=(16, 3),
        required=True,
        aggregator="max",
        help="Energy index of the meter in kWh with three decimals (exact to the Wh).",
    )
    volume_m3 = fields.Float(string="Volume (m³)", digits=(16, 3))
    flow_temperature = fields.Float(string="Flow temperature (°C)", digits=(6, 2))
    return_temperature = fields.Float(string="Return temperature (°C)", digits=(6, 2))
    power_kw = fields.Float(string="Power (kW)", digits=(16, 3))
    source = fields.Selection(SOURCES, required=True, default="manual")
    state = fields.Selection(
        [("valid", "Valid"), ("suspect", "Suspect"), ("rejected", "Rejected")],
        required=True,
        default="valid",
        tracking=True,
    )
    state_reason = fields.Char(string="Reason", tracking=True)
    is_estimate = fields.Boolean(string="Estimate")
    is_locked = fields.Boolean(
        string="Locked", readonly=True, help="Billed: cannot be changed or deleted."
    )
    batch_id = Many2oneNoForeignKey(
        "heat.meter.reading.batch", string="Import batch", readonly=True
    )
    import_line = fields.Integer(readonly=True, help="Line of the imported file.")

    _sql_constraints = [
        (
            "meter_timestamp_uniq",
            "unique(meter_id, timestamp)",
            "A meter has only one reading at a given time.",
        ),
        (
            "energy_positive",
            "CHECK(energy_kwh >= 0)",
            "An energy index cannot be negative.",
        ),
    ]

    def init(self):
        # few indexes on a table of millions of rows, each serving a hot path:
        # (meter_id, timestamp) is the unique constraint; consumption per sub-station
        # reads by (substation_id, timestamp), plant meters by the unique index;
        # batches by (batch_id, import_line)
        for name, columns, where in (
            ("substation_timestamp", ["substation_id", "timestamp"], ""),
            ("batch_line", ["batch_id", "import_line"], "batch_id IS NOT NULL"),
        ):
            create_index(
                self.env.cr,
                f"heat_meter_reading_{name}_index",
                self._table,
                columns,
                where=where,
            )

    @api.model
    def _heat_count_by(self, field, records):
        """How many readings each of ``records`` has through ``field``, one query
        (the smart buttons of meters and sub-stations)."""
        return dict(
            self._read_group([(field, "in", records._origin.ids)], [field], ["__count"])
        )

    @api.model
    def _heat_action_of(self, field, record, name):
        """The readings of ``record`` through ``field``: list, index curve, form."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "heat_metering.heat_meter_reading_action"
        )
        action.update(name=name, domain=[(field, "=", record.id)])
        return action

    @api.model
    def _heat_release(self, field, ids):
        """Empty ``field`` (a many2one without foreign key) on the readings that point
        to the records ``ids``, about to be deleted; one query."""
        if not ids:
            return
        self.flush_model([field])
        self.env.cr.execute(
            SQL(
                "UPDATE heat_meter_reading SET %s = NULL WHERE %s = ANY(%s)",
                SQL.identifier(field),
                SQL.identifier(field),
                list(ids),
            )
        )
        self.invalidate_model([field])

    @api.depends("meter_id", "timestamp")
    def _compute_substation_id(self):
        for reading in self:
            if not reading.meter_id or not reading.timestamp:
                reading.substation_id = reading.substation_id
                continue
            day = reading._heat_local_day()
            installation = reading.meter_id.installation_ids.filtered(
                lambda i, day=day: (
                    i.date_start <= day and (not i.date_end or i.date_end >= day)
                )
            ).sorted("date_start", reverse=True)[:1]
            reading.substation_id = installation.substation_id

    def _heat_local_day(self):
        """The day of the reading where the meter is: installation dates are local."""
        self.ensure_one()
        tz = pytz.timezone(self.meter_id.company_id.partner_id.tz or "Europe/Paris")
        return pytz.utc.localize(self.timestamp).astimezone(tz).date()

    @api.depends("substation_id", "boiler_id")
    def _compute_network_id(self):
        for reading in self:
            reading.network_id = (
                reading.substation_id.network_id or reading.boiler_id.network_id
            )

    def _search_network_id(self, operator, value):
        return [
            "|",
            ("substation_id.network_id", operator, value),
            ("meter_id.boiler_id.plant_id.network_id", operator, value),
        ]

    @api.constrains("timestamp", "meter_id")
    def _check_timestamp(self):
        now = fields.Datetime.now()
        for reading in self:
            if reading.timestamp > now:
                raise ValidationError(
                    self.env._(
                        "The reading of meter %(meter)s is dated %(date)s, "
                        "in the future.",
                        meter=reading.meter_id.display_name,
                        date=reading.timestamp,
                    )
                )
            if not reading.boiler_id and not reading.substation_id:
                raise ValidationError(
                    self.env._(
                        "Meter %(meter)s was not installed in a sub-station on "
                        "%(date)s "
                        "(before its installation or after its removal).",
                        meter=reading.meter_id.display_name,
                        date=reading.timestamp,
                    )
                )

    def write(self, vals):
        if "is_locked" in vals and not self.env.context.get("heat_metering_lock"):
            raise UserError(
                self.env._(
                    "Readings are locked and unlocked by the billing run that uses "
                    "them, not by hand."
                )
            )
        if set(vals) - LOCK_FREE_FIELDS and any(self.mapped("is_locked")):
            raise UserError(
                self.env._(
                    "Locked readings (already billed) cannot be changed: %(names)s.",
                    names=", ".join(self.filtered("is_locked").mapped("display_name")),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        if any(self.mapped("is_locked")):
            raise UserError(
                self.env._(
                    "Locked readings (already billed) cannot be deleted: %(names)s.",
                    names=", ".join(self.filtered("is_locked").mapped("display_name")),
                )
            )

    @api.depends("meter_id", "timestamp")
    def _compute_display_name(self):
        for reading in self:
            stamp = fields.Datetime.to_string(reading.timestamp) or ""
            serial = reading.meter_id.serial_number or ""
            reading.display_name = f"{serial} {stamp}".strip()

    def action_review(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "heat_metering.heat_meter_reading_review_action"
        )
        action["context"] = {"default_reading_ids": self.ids}
        return action

    def _heat_lock(self):
        """Lock the readings (a posted billing run relies on them)."""
        self.filtered(lambda r: not r.is_locked).with_context(
            heat_metering_lock=True
        ).write({"is_locked": True})
        return True

    def _heat_unlock(self):
        self.filtered("is_locked").with_context(heat_metering_lock=True).write(
            {"is_locked": False}
        )
        return True

    def _heat_set_state(self, state, reason):
        """Accept or reject readings with a reason, posted in each chatter."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for reading in self:
            reading.write({"state": state, "state_reason": reason})
            reading.message_post(
                body=self.env._(
                    "Reading %(state)s: %(reason)s", state=labels[state], reason=reason
                )
            )

    @api.model
    def _heat_flag_messages(self):
        """The reasons of the validation flags in the user's language."""
        return {
            "decrease": self.env._(
                "index decreases from %(previous)s to %(index)s kWh without a "
                "recorded meter swap or rollover"
            ),
            "gap": self.env._("no reading for %(days)s days (more than %(max)s)"),
            "frozen": self.env._(
                "index unchanged at %(index)s kWh over %(dju)s degree-days"
            ),
            "spike": self.env._(
                "%(kwh)s kWh consumed where %(dju)s degree-days allow about "
                "%(expected)s kWh (limit %(limit)s)"
            ),
            "power": self.env._(
                "%(kwh)s kWh in %(hours)s h exceeds what %(power)s kW can deliver "
                "(%(limit)s kWh)"
            ),
        }

    def _heat_check(self):
        """Flag suspect readings (decrease, spike, frozen, gap, power) against the
        previous reading of the same meter, in a constant number of queries."""
        from ..domain import validation

        if not self:
            return
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.id, p.timestamp, p.energy_kwh, p.meter_id
                  FROM heat_meter_reading r
                  LEFT JOIN LATERAL (
                        SELECT q.timestamp, q.energy_kwh, q.meter_id
                          FROM heat_meter_reading q
                         WHERE q.substation_id = r.substation_id
                           AND q.timestamp < r.timestamp
                           AND q.state != 'rejected'
                         ORDER BY q.timestamp DESC LIMIT 1) p ON TRUE
                 WHERE r.id = ANY(%s)
                """,
                self.ids,
            )
        )
        previous = {row[0]: row[1:] for row in rows}
        networks = self.network_id
        daily = networks._heat_daily_degree_days(
            min(self.mapped("timestamp")).date().replace(day=1),
            max(self.mapped("timestamp")).date(),
        )
        messages = self._heat_flag_messages()
        for reading in self:
            prev_ts, prev_index, prev_meter = previous.get(reading.id, (None,) * 3)
            if prev_ts is None:
                continue
            network = reading.network_id
            dju = sum(
                value
                for day, value in daily.get(network.id, {}).items()
                if prev_ts.date() <= day < reading.timestamp.date()
            )
            building = reading.substation_id.building_id
            kwh_per_dju = None
            if building.estimated_need_mwh and network.heat_normal_yearly_dju:
                kwh_per_dju = (
                    building.estimated_need_mwh * 1000 / network.heat_normal_yearly_dju
                )
            flags = validation.check_reading(
                (prev_ts, prev_index),
                (reading.timestamp, reading.energy_kwh),
                rollover=reading.meter_id.heat_rollover_kwh,
                swapped=prev_meter != reading.meter_id.id,
                dju=dju,
                kwh_per_dju=kwh_per_dju,
                spike_factor=network.heat_spike_factor or 3,
                max_gap_days=network.heat_max_gap_days,
                power_kw=reading.substation_id.subscribed_power_kw,
            )
            if flags and reading.state == "valid":
                reading.write(
                    {
                        "state": "suspect",
                        "state_reason": "; ".join(f.text(messages) for f in flags),
                    }
                )
