# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL, create_index

from odoo.addons.heat_metering.fields import Many2oneNoForeignKey

PLACEHOLDER = "%(run)s"


class HeatMeterReading(models.Model):
    """A reading that arrives inside a period already billed and posted is kept,
    flagged suspect, locked and listed on the run (ADR 0036)."""

    _inherit = "heat.meter.reading"

    # no foreign key on the readings table (ADR 0033): set in SQL from the run lines
    # of the same transaction; a posted or credited run is never deleted
    heat_billing_run_id = Many2oneNoForeignKey(
        "heat.billing.run",
        string="Arrived after posting of",
        readonly=True,
        help="The posted billing run whose period this reading falls into: it "
        "arrived after the posting and was not billed.",
    )

    def init(self):
        result = super().init()
        # the run's smart button; almost every reading has none (a tiny index)
        create_index(
            self.env.cr,
            "heat_meter_reading_heat_billing_run_id_index",
            self._table,
            ["heat_billing_run_id"],
            where="heat_billing_run_id IS NOT NULL",
        )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        readings = super().create(vals_list)
        readings._heat_flag_after_posting(SQL("r.id = ANY(%s)", readings.ids))
        return readings

    def write(self, vals):
        result = super().write(vals)
        if {"timestamp", "meter_id", "substation_id"} & set(vals):
            self._heat_flag_after_posting(SQL("r.id = ANY(%s)", self.ids))
        return result

    @api.model
    def _heat_flag_after_posting(self, where, batch=None):
        """Flag suspect, lock and tie to its run every reading matching ``where``
        (an SQL condition on ``r``, the readings) that falls inside a posted period
        of its sub-station; with ``batch``, add them to its import report. One
        query. Return how many valid readings became suspect.

        A posted period is a posted (invoiced), non-credited run line of a
        subscription of the sub-station: its local days and the readings it used
        to read the bounds (``reading_start_id`` to ``reading_end_id``, inclusive,
        ADR 0034), whichever reach further."""
        self.env.flush_all()
        reason = self.env._(
            "inside the period billed by the posted run %(run)s: not billed; credit "
            "the run to bill the period again with it"
        )
        rows = self.env.execute_query(
            SQL(
                """
                WITH span AS MATERIALIZED (
                    SELECT r.substation_id, min(r.timestamp) AS low,
                           max(r.timestamp) AS high
                      FROM heat_meter_reading r
                     WHERE %(where)s AND r.substation_id IS NOT NULL
                       AND r.state != 'rejected'
                     GROUP BY r.substation_id
                ), periods AS MATERIALIZED (
                    SELECT p.* FROM (
                        SELECT l.run_id, s.substation_id,
                               least(used_start.timestamp, l.period_start) AS start,
                               greatest(used_end.timestamp, l.period_stop) AS stop
                          FROM heat_billing_run_line l
                          JOIN heat_subscription s ON s.id = l.subscription_id
                          LEFT JOIN heat_meter_reading used_start
                            ON used_start.id = l.reading_start_id
                          LEFT JOIN heat_meter_reading used_end
                            ON used_end.id = l.reading_end_id
                         WHERE l.move_id IS NOT NULL AND l.credited IS NOT TRUE
                           AND s.substation_id IN (SELECT substation_id FROM span)
                    ) p
                      JOIN span ON span.substation_id = p.substation_id
                     WHERE p.start <= span.high AND p.stop >= span.low
                ), hits AS (
                    SELECT DISTINCT ON (r.id) r.id, r.state, p.run_id
                      FROM periods p
                      JOIN heat_meter_reading r
                        ON r.substation_id = p.substation_id
                       AND r.timestamp BETWEEN p.start AND p.stop
                     WHERE %(where)s AND r.state != 'rejected'
                     ORDER BY r.id, p.run_id
                ), flagged AS (
                    SELECT hits.*, replace(%(reason)s, %(placeholder)s, run.name)
                               AS reason
                      FROM hits JOIN heat_billing_run run ON run.id = hits.run_id
                )
                UPDATE heat_meter_reading r
                   SET state = 'suspect',
                       state_reason = CASE
                           WHEN flagged.state = 'suspect' AND r.state_reason > ''
                           THEN r.state_reason || '; ' || flagged.reason
                           ELSE flagged.reason
                       END,
                       is_locked = TRUE,
                       heat_billing_run_id = flagged.run_id
                  FROM flagged
                 WHERE r.id = flagged.id
             RETURNING r.import_line, flagged.reason, flagged.state = 'valid'
                """,
                where=where,
                reason=reason,
                placeholder=PLACEHOLDER,
            )
        )
        if not rows:
            return 0
        self.invalidate_model(
            ["state", "state_reason", "is_locked", "heat_billing_run_id"]
        )
        if batch:
            batch._heat_report("flagged", [(line, reason) for line, reason, _v in rows])
        return sum(1 for _line, _reason, was_valid in rows if was_valid)
