# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Import batches: the bulk path (COPY into a temporary table, then one
INSERT ... SELECT ... ON CONFLICT DO NOTHING per chunk, a constant number of queries
per chunk whatever its size) and the per-line report."""

import io
import logging
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..domain import mbus
from ..domain.csv_format import NUMBER, date_pattern
from ..domain.units import KWH_PER_UNIT

_logger = logging.getLogger(__name__)

CHUNK_LINES = 100_000
MAX_DUPLICATE_LINES = 1000  # detailed duplicate lines per chunk (all are counted)
# up to this many imported readings, every check runs through the ORM; above, the
# decreasing index and the gaps are checked in SQL
ORM_CHECK_LIMIT = 20000


class BatchAbort(Exception):
    """Raised inside the savepoint to undo a batch."""


class HeatMeterReadingBatch(models.Model):
    _name = "heat.meter.reading.batch"
    _description = "Meter reading import batch"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("Import"))
    profile_id = fields.Many2one(
        "heat.meter.reading.import.profile",
        string="Profile",
        check_company=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    source = fields.Selection(
        [
            ("manual", "Manual round"),
            ("file", "File"),
            ("mbus", "M-Bus"),
            ("bms", "BMS"),
        ],
        required=True,
        default="file",
    )
    file_name = fields.Char()
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Imported"), ("failed", "Failed")],
        default="draft",
        required=True,
        tracking=True,
    )
    error = fields.Text(readonly=True)
    lines_read = fields.Integer(readonly=True)
    lines_imported = fields.Integer(string="Imported", readonly=True)
    lines_duplicate = fields.Integer(string="Duplicates skipped", readonly=True)
    lines_rejected = fields.Integer(string="Rejected", readonly=True)
    lines_flagged = fields.Integer(string="Imported as suspect", readonly=True)
    line_ids = fields.One2many(
        "heat.meter.reading.batch.line", "batch_id", string="Report"
    )
    reading_ids = fields.One2many("heat.meter.reading", "batch_id", string="Readings")

    # ------------------------------------------------------------------ report

    def _report_text(self):
        self.ensure_one()
        text = self.env._(
            "%(name)s: %(read)s lines read, %(imported)s imported, %(dup)s duplicates "
            "skipped, %(rejected)s rejected, %(flagged)s imported as suspect",
            name=self.file_name or self.name,
            read=self.lines_read,
            imported=self.lines_imported,
            dup=self.lines_duplicate,
            rejected=self.lines_rejected,
            flagged=self.lines_flagged,
        )
        if self.state == "failed":
            text += "\n" + self.env._(
                "FAILED, nothing imported: %(error)s", error=self.error
            )
        for line in self.line_ids[:50]:
            text += f"\n  line {line.line}: [{line.level}] {line.message}"
        return text

    # ------------------------------------------------------------------ entry points

    @api.model
    def _heat_import_file(self, data, profile, file_name="", progress=None):
        """Create a batch from ``data`` (bytes) read with ``profile``; atomic."""
        # the readings are written in SQL: check the rights the ORM would check
        self.env["heat.meter.reading"].check_access("create")
        batch = self.create(
            {
                "name": file_name or profile.name,
                "profile_id": profile.id,
                "company_id": profile.company_id.id,
                "source": profile.source if profile.source != "mbus" else "mbus",
                "file_name": file_name,
            }
        )
        rejects = []
        batch._run(
            lambda: batch._lines_from_file(data, profile, rejects),
            profile,
            progress,
            rejects,
        )
        return batch

    def _run(self, make_lines, profile, progress=None, rejects=None):
        self.ensure_one()
        kept_lines = []
        try:
            with self.env.cr.savepoint():
                counts = self._import_lines(make_lines(), profile, progress, rejects)
                if counts["rejected"] and profile.on_error == "abort":
                    kept_lines = self.env.execute_query(
                        SQL(
                            "SELECT line, level, message"
                            " FROM heat_meter_reading_batch_line"
                            " WHERE batch_id = %s ORDER BY line LIMIT 10000",
                            self.id,
                        )
                    )
                    raise BatchAbort(
                        self.env._(
                            "%(count)s line(s) rejected and the profile imports "
                            "nothing "
                            "when a line is rejected",
                            count=counts["rejected"],
                        )
                    )
        except (BatchAbort, UserError, UnicodeDecodeError, mbus.MbusError) as exc:
            self.env.invalidate_all()
            message = (
                exc.args[0] if isinstance(exc, BatchAbort | UserError) else str(exc)
            )
            self.write(
                {
                    "state": "failed",
                    "error": message,
                    "lines_imported": 0,
                    "lines_flagged": 0,
                    "line_ids": [
                        fields.Command.create({"line": ln, "level": lv, "message": msg})
                        for ln, lv, msg in kept_lines
                    ],
                }
            )
            return self
        self.env.invalidate_all()
        self.write({"state": "done", **{f"lines_{k}": v for k, v in counts.items()}})
        return self

    # ------------------------------------------------------------------ sources

    def _lines_from_file(self, data, profile, rejects=None):
        """Yield ``(line_no, text)`` of the data lines of a file."""
        if not data or not data.strip():
            raise UserError(
                self.env._("The file %(name)s is empty.", name=self.file_name)
            )
        if profile.file_type == "xlsx":
            yield from self._lines_from_xlsx(data, profile)
            return
        if profile.file_type == "mbus":
            yield from self._lines_from_mbus(
                data, rejects if rejects is not None else []
            )
            return
        try:
            text = data.decode(profile.encoding)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise UserError(
                self.env._(
                    "File %(name)s, line %(line)s: not valid %(encoding)s text; choose "
                    "the file's encoding in the import profile.",
                    name=self.file_name,
                    line=line,
                    encoding=profile.encoding,
                )
            ) from exc
        if text.startswith("\ufeff"):
            text = text[1:]
        lines = text.splitlines()
        needed = max(
            profile.column_meter, profile.column_timestamp, profile.column_energy
        )
        header = lines[: profile.header_lines]
        first = header[0] if header else (lines[0] if lines else "")
        if needed > 1 and profile.delimiter not in first:
            raise UserError(
                self.env._(
                    "File %(name)s, line 1: no '%(sep)s' separator found; the profile "
                    "expects '%(sep)s' between columns.",
                    name=self.file_name,
                    sep=profile.delimiter,
                )
            )
        if len(lines) <= profile.header_lines:
            raise UserError(
                self.env._("The file %(name)s has no data line.", name=self.file_name)
            )
        for number, line in enumerate(
            lines[profile.header_lines :], profile.header_lines + 1
        ):
            yield number, line

    def _lines_from_xlsx(self, data, profile):
        import openpyxl

        try:
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True
            )
        except Exception as exc:
            raise UserError(
                self.env._(
                    "File %(name)s is not an XLSX workbook.", name=self.file_name
                )
            ) from exc
        sheet = book.worksheets[0]
        sep, dec = profile.delimiter, profile.decimal_separator
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            if number <= profile.header_lines:
                continue
            cells = []
            for value in row:
                if value is None:
                    cells.append("")
                elif isinstance(value, datetime):
                    cells.append(value.strftime(profile.date_format))
                elif isinstance(value, int | float):
                    cells.append(repr(value).replace(".", dec))
                else:
                    cells.append(str(value).replace(sep, " "))
            yield number, sep.join(cells)

    def _lines_from_mbus(self, data, rejects):
        """Decode one frame a line; yield canonical lines, report bad frames."""
        now = fields.Datetime.now()
        for number, line in enumerate(data.decode("ascii", "replace").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                telegram = mbus.decode(line)
            except mbus.MbusError as exc:
                rejects.append((number, str(exc)))
                continue
            if telegram.energy_kwh is None:
                rejects.append((number, "no current energy index in the frame"))
                continue
            stamp = telegram.timestamp or now
            yield (
                number,
                ";".join(
                    [
                        telegram.meter_id,
                        stamp.strftime("%Y-%m-%d %H:%M:%S"),
                        str(telegram.energy_kwh),
                        "" if telegram.volume_m3 is None else str(telegram.volume_m3),
                        ""
                        if telegram.flow_temperature is None
                        else str(telegram.flow_temperature),
                        ""
                        if telegram.return_temperature is None
                        else str(telegram.return_temperature),
                        "" if telegram.power_kw is None else str(telegram.power_kw),
                    ]
                ),
            )

    # ------------------------------------------------------------------ bulk path

    def _settings(self, profile):
        if profile.file_type == "mbus":
            return {
                "delimiter": ";",
                "decimal": ".",
                "date_format": "%Y-%m-%d %H:%M:%S",
                "tz": "UTC",
                "unit": "kwh",
                "match": "mbus",
                "cols": {
                    "meter": 1,
                    "ts": 2,
                    "energy": 3,
                    "volume": 4,
                    "flow": 5,
                    "return": 6,
                    "power": 7,
                },
            }
        return {
            "delimiter": profile.delimiter,
            "decimal": profile.decimal_separator,
            "date_format": profile.date_format,
            "tz": profile.tz,
            "unit": profile.energy_unit,
            "match": profile.meter_match,
            "cols": {
                "meter": profile.column_meter,
                "ts": profile.column_timestamp,
                "energy": profile.column_energy,
                "volume": profile.column_volume,
                "flow": profile.column_flow_temperature,
                "return": profile.column_return_temperature,
                "power": profile.column_power,
            },
        }

    def _import_lines(self, lines, profile, progress=None, rejects=None):
        """Import ``(line_no, text)`` pairs chunk by chunk; return the counts."""
        cr = self.env.cr
        self.env.flush_all()
        settings = self._settings(profile)
        cr.execute(
            "CREATE TEMP TABLE IF NOT EXISTS heat_import_raw "
            "(line_no integer, line text) ON COMMIT DROP"
        )
        cr.execute("TRUNCATE heat_import_raw")
        counts = dict.fromkeys(
            ("read", "imported", "duplicate", "rejected", "flagged"), 0
        )
        chunk = []
        for number, text in lines:
            chunk.append(
                f"{number}\x01{text.replace(chr(1), ' ').replace(chr(2), ' ')}"
            )
            if len(chunk) >= CHUNK_LINES:
                self._import_chunk(chunk, settings, counts)
                chunk = []
                if progress:
                    progress(counts)
        if chunk:
            self._import_chunk(chunk, settings, counts)
        for number, message in rejects or []:
            counts["read"] += 1
            counts["rejected"] += 1
            self.env["heat.meter.reading.batch.line"].create(
                {
                    "batch_id": self.id,
                    "line": number,
                    "level": "rejected",
                    "message": message,
                }
            )
        if progress:
            progress(counts)
        if not counts["read"]:
            raise UserError(
                self.env._("The file %(name)s is empty.", name=self.file_name)
            )
        orm_checks = counts["imported"] <= ORM_CHECK_LIMIT
        counts["flagged"] = self._flag_decreases(gaps=not orm_checks)
        if orm_checks:
            imported = self.env["heat.meter.reading"].search(
                [("batch_id", "=", self.id), ("state", "=", "valid")]
            )
            imported._heat_check()
            counts["flagged"] = self.env["heat.meter.reading"].search_count(
                [("batch_id", "=", self.id), ("state", "=", "suspect")]
            )
        return counts

    def _parse_sql(self, settings):
        regex, parts = date_pattern(settings["date_format"])
        cols = settings["cols"]

        def col(name):
            index = cols.get(name) or 0
            if not index:
                return SQL("NULL::text")
            return SQL(
                "btrim(split_part(line, %s, %s), ' \"')", settings["delimiter"], index
            )

        def num(name):
            raw = col(name)
            # spaces (normal, no-break, narrow no-break) are thousands separators,
            # and so are points when the decimal separator is a comma
            if settings["decimal"] == ",":
                return SQL(
                    "replace(translate(%s, %s, ''), ',', '.')", raw, " .\u00a0\u202f"
                )
            return SQL("translate(%s, %s, '')", raw, " ,\u00a0\u202f")

        def part(name):
            return SQL.identifier(f"p_{name}")

        def extract(name):
            if name not in parts:
                return SQL("0")
            cast = "numeric" if name == "second" else "integer"
            return SQL(f"(dp[%s])::{cast}", parts[name])

        unit = settings["unit"]
        if unit == "meter":
            factor = SQL(
                "CASE m.unit WHEN 'wh' THEN 0.001 WHEN 'mwh' THEN 1000 "
                "WHEN 'gj' THEN 1000 / 3.6 ELSE 1 END"
            )
        else:
            factor = SQL("%s::numeric", KWH_PER_UNIT[unit])
        if settings["match"] == "mbus":
            match = SQL(
                "(m.serial_number = v.meter_key OR "
                "left(m.mbus_secondary_address, 8) = v.meter_key)"
            )
        else:
            match = SQL("m.serial_number = v.meter_key")
        needed = max(cols["meter"], cols["ts"], cols["energy"])
        return SQL(
            """
            WITH v AS (
                SELECT line_no,
                       length(line) - length(replace(line, %(delim)s, '')) + 1 AS n,
                       %(meter)s AS meter_key, %(ts)s AS ts_text,
                       %(energy)s AS e_text, %(volume)s AS v_text,
                       %(flow)s AS f_text, %(return)s AS r_text, %(power)s AS p_text
                  FROM heat_import_raw
                 WHERE coalesce(btrim(line), '') <> ''
            ), dp AS MATERIALIZED (
                -- a file repeats the same timestamps for every meter: parse each
                -- distinct text once
                SELECT u.ts_text, regexp_match(u.ts_text, %(regex)s) AS dp
                  FROM (SELECT DISTINCT ts_text FROM v) u
            ), p AS (
                SELECT dp.*, %(x_year)s AS p_year, %(x_month)s AS p_month,
                       %(x_day)s AS p_day, %(x_hour)s AS p_hour,
                       %(x_minute)s AS p_minute, %(x_second)s AS p_second
                  FROM dp
            ), dates AS MATERIALIZED (
                SELECT ts_text, dp IS NOT NULL AS date_ok,
                       CASE WHEN dp IS NULL THEN NULL
                            WHEN %(month)s NOT BETWEEN 1 AND 12 OR %(year)s < 1
                                 OR %(hour)s > 23 OR %(minute)s > 59
                                 OR %(second)s >= 60 THEN NULL
                            WHEN %(day)s < 1 OR %(day)s > extract(day FROM
                                 make_date(%(year)s::int, %(month)s::int, 1)
                                 + interval '1 month - 1 day') THEN NULL
                            ELSE (make_timestamp(%(year)s::int, %(month)s::int,
                                  %(day)s::int, %(hour)s::int, %(minute)s::int,
                                  %(second)s::float8) AT TIME ZONE %(tz)s)
                                 AT TIME ZONE 'UTC'
                       END AS ts
                  FROM p
            ), days AS MATERIALIZED (
                -- per distinct timestamp too: installation dates are local days,
                -- as the file's dates; and a reading may not be in the future
                SELECT dates.*,
                       ((ts AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s)::date AS local_day,
                       ts > (now() AT TIME ZONE 'UTC') AS future
                  FROM dates
            ), t AS MATERIALIZED (
                SELECT v.*, m.id AS meter_id, m.boiler_id, m.company_id AS m_company,
                       %(factor)s AS factor, coalesce(dt.date_ok, FALSE) AS date_ok,
                       dt.ts, dt.local_day, dt.future
                  FROM v
                  LEFT JOIN heat_meter m
                    ON %(match)s AND m.company_id = %(company)s AND m.active
                  LEFT JOIN days dt ON dt.ts_text = v.ts_text
            ), e AS (
                SELECT t.*, inst.substation_id,
                  CASE
                    WHEN n < %(needed)s
                      THEN n || ' column(s) instead of at least ' || %(needed)s
                           || ': wrong separator?'
                    WHEN coalesce(meter_key, '') = '' THEN 'no meter on the line'
                    WHEN t.meter_id IS NULL THEN 'unknown meter "' || meter_key || '"'
                    WHEN NOT date_ok THEN 'date "' || ts_text
                         || '" does not match the format ' || %(fmt)s
                    WHEN ts IS NULL THEN 'date "' || ts_text || '" does not exist'
                    WHEN e_text !~ %(number)s
                      THEN 'energy "' || e_text || '" is not a number'
                    WHEN coalesce(v_text, '') <> '' AND v_text !~ %(number)s
                      THEN 'volume "' || v_text || '" is not a number'
                    WHEN coalesce(f_text, '') <> '' AND f_text !~ %(number)s
                      THEN 'flow temperature "' || f_text || '" is not a number'
                    WHEN coalesce(r_text, '') <> '' AND r_text !~ %(number)s
                      THEN 'return temperature "' || r_text || '" is not a number'
                    WHEN coalesce(p_text, '') <> '' AND p_text !~ %(number)s
                      THEN 'power "' || p_text || '" is not a number'
                    WHEN e_text::numeric < 0 THEN 'negative energy index'
                    WHEN future THEN
                      'date ' || ts_text || ' is in the future'
                    WHEN inst.substation_id IS NULL AND boiler_id IS NULL THEN
                      'meter "' || meter_key || '" is not installed on ' || ts_text
                      || ' (before its installation or after its removal)'
                  END AS error
                  FROM t
                  LEFT JOIN heat_meter_installation inst
                    ON inst.meter_id = t.meter_id
                   AND inst.date_start <= t.local_day
                   AND (inst.date_end IS NULL OR inst.date_end >= t.local_day)
            ), parsed AS MATERIALIZED (
                SELECT line_no, meter_key, meter_id, substation_id,
                       m_company AS company_id, ts, error,
                       CASE WHEN error IS NULL
                            THEN round(e_text::numeric * factor, 3) END AS energy,
                       CASE WHEN error IS NULL THEN nullif(v_text, '')::numeric END
                           AS volume,
                       CASE WHEN error IS NULL THEN nullif(f_text, '')::numeric END
                           AS t_flow,
                       CASE WHEN error IS NULL THEN nullif(r_text, '')::numeric END
                           AS t_return,
                       CASE WHEN error IS NULL THEN nullif(p_text, '')::numeric END
                           AS power
                  FROM e
            ), rejected AS (
                INSERT INTO heat_meter_reading_batch_line
                       (batch_id, company_id, line, level, message,
                        create_uid, write_uid, create_date, write_date)
                SELECT %(batch)s, %(company)s, line_no, 'rejected', error,
                       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       now() AT TIME ZONE 'UTC'
                  FROM parsed WHERE error IS NOT NULL
             RETURNING 1
            ), inserted AS (
                INSERT INTO heat_meter_reading
                       (meter_id, substation_id, company_id,
                        timestamp, energy_kwh, volume_m3, flow_temperature,
                        return_temperature, power_kw, source, state, is_estimate,
                        is_locked, batch_id, import_line, create_date, write_date)
                SELECT meter_id, substation_id, company_id,
                       ts, energy, volume, t_flow, t_return, power, %(source)s,
                       'valid', FALSE, FALSE, %(batch)s, line_no,
                       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                  FROM parsed WHERE error IS NULL
                ON CONFLICT (meter_id, timestamp) DO NOTHING
             RETURNING import_line
            ), duplicates AS (
                INSERT INTO heat_meter_reading_batch_line
                       (batch_id, company_id, line, level, message,
                        create_uid, write_uid, create_date, write_date)
                SELECT %(batch)s, %(company)s, p.line_no, 'duplicate',
                       'reading of meter ' || p.meter_key || ' at ' || p.ts
                       || ' UTC already imported',
                       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       now() AT TIME ZONE 'UTC'
                  FROM parsed p
                 WHERE p.error IS NULL
                   AND NOT EXISTS (SELECT 1 FROM inserted i
                                    WHERE i.import_line = p.line_no)
                 ORDER BY p.line_no LIMIT %(limit)s
             RETURNING 1
            )
            SELECT (SELECT count(*) FROM heat_import_raw),
                   (SELECT count(*) FROM rejected),
                   (SELECT count(*) FROM inserted),
                   (SELECT count(*) FROM parsed WHERE error IS NULL),
                   (SELECT count(*) FROM duplicates)
            """,
            delim=settings["delimiter"],
            meter=col("meter"),
            ts=col("ts"),
            energy=num("energy"),
            volume=num("volume"),
            flow=num("flow"),
            power=num("power"),
            factor=factor,
            regex=regex,
            match=match,
            company=self.company_id.id,
            month=part("month"),
            year=part("year"),
            day=part("day"),
            hour=part("hour"),
            minute=part("minute"),
            second=part("second"),
            x_year=extract("year"),
            x_month=extract("month"),
            x_day=extract("day"),
            x_hour=extract("hour"),
            x_minute=extract("minute"),
            x_second=extract("second"),
            tz=settings["tz"],
            needed=needed,
            fmt=settings["date_format"],
            number=NUMBER,
            batch=self.id,
            uid=self.env.uid,
            source=self.source,
            limit=MAX_DUPLICATE_LINES,
            **{"return": num("return")},
        )

    def _import_chunk(self, chunk, settings, counts):
        """One chunk, a constant number of statements: COPY the raw lines, then one
        statement parses them, reports the rejected lines, inserts the readings
        (ON CONFLICT DO NOTHING) and reports the duplicates."""
        cr = self.env.cr
        buffer = io.StringIO("\n".join(chunk) + "\n")
        cr._obj.copy_expert(
            "COPY heat_import_raw (line_no, line) FROM STDIN "
            "WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')",
            buffer,
        )
        cr.execute("SET LOCAL jit = off")
        cr.execute("SET LOCAL work_mem = '256MB'")
        cr.execute(self._parse_sql(settings))
        read, rejected, imported, valid, _detailed = cr.fetchone()
        cr.execute("TRUNCATE heat_import_raw")
        counts["read"] += read
        counts["rejected"] += rejected
        counts["imported"] += imported
        counts["duplicate"] += valid - imported

    def _flag_decreases(self, gaps=False):
        """Flag, in one query, the imported readings whose index goes down on the
        same meter without a rollover (and, with ``gaps``, those coming more than the
        network's maximum gap after the previous reading); report them."""
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT DISTINCT meter_id FROM heat_meter_reading WHERE batch_id = %s",
                self.id,
            )
        )
        meter_ids = [row[0] for row in cr.fetchall()]
        cr.execute(
            SQL(
                """
                WITH w AS (
                    SELECT r.id, r.meter_id, r.batch_id, r.state, r.energy_kwh,
                           r.timestamp, r.substation_id,
                           lag(r.energy_kwh) OVER m AS prev,
                           lag(r.timestamp) OVER m AS prev_ts
                      FROM heat_meter_reading r
                     WHERE r.meter_id = ANY(%(meters)s) AND r.state != 'rejected'
                    WINDOW m AS (PARTITION BY r.meter_id ORDER BY r.timestamp)
                ), checked AS (
                    SELECT w.id,
                           CASE WHEN w.energy_kwh < w.prev
                                 AND NOT (coalesce(m.heat_rollover_kwh, 0) > 0
                                          AND w.prev >= 0.9 * m.heat_rollover_kwh
                                          AND w.energy_kwh < 0.1 * m.heat_rollover_kwh)
                                THEN 'index decreases from ' || w.prev || ' to '
                                     || w.energy_kwh || ' kWh without a recorded meter'
                                     || ' swap or rollover'
                                WHEN %(gaps)s AND n.heat_max_gap_days > 0
                                 AND w.timestamp - w.prev_ts
                                     > n.heat_max_gap_days * interval '1 day'
                                THEN 'no reading for '
                                     || extract(day FROM w.timestamp - w.prev_ts)
                                     || ' days (more than ' || n.heat_max_gap_days
                                     || ')'
                           END AS reason
                      FROM w
                      JOIN heat_meter m ON m.id = w.meter_id
                      LEFT JOIN heat_substation s ON s.id = w.substation_id
                      LEFT JOIN heat_network n ON n.id = s.network_id
                     WHERE w.batch_id = %(batch)s AND w.state = 'valid'
                ), bad AS MATERIALIZED (
                    SELECT id, reason FROM checked WHERE reason IS NOT NULL
                ), upd AS (
                    UPDATE heat_meter_reading r
                       SET state = 'suspect', state_reason = bad.reason
                      FROM bad
                     WHERE r.id = bad.id
                 RETURNING r.import_line, r.state_reason
                )
                INSERT INTO heat_meter_reading_batch_line
                       (batch_id, company_id, line, level, message,
                        create_uid, write_uid, create_date, write_date)
                SELECT %(batch)s, %(company)s, import_line, 'flagged', state_reason,
                       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       now() AT TIME ZONE 'UTC'
                  FROM upd
                """,
                batch=self.id,
                company=self.company_id.id,
                uid=self.env.uid,
                meters=meter_ids,
                gaps=gaps,
            )
        )
        return cr.rowcount

    # ------------------------------------------------------------------ drop folder

    @api.model
    def _cron_import_drop_folders(self):
        """Import the files of every profile's drop folder; move them to done/ or
        failed/ with the batch report beside them."""
        import os
        import shutil

        profiles = self.env["heat.meter.reading.import.profile"].search(
            [("drop_folder", "!=", False)]
        )
        batches = self.browse()
        for profile in profiles:
            folder = profile.drop_folder
            if not os.path.isdir(folder):
                _logger.info(
                    "Drop folder %s of profile %s is missing", folder, profile.name
                )
                continue
            for name in sorted(os.listdir(folder)):
                path = os.path.join(folder, name)
                if not os.path.isfile(path) or name.startswith("."):
                    continue
                with open(path, "rb") as handle:
                    data = handle.read()
                batch = self.with_company(profile.company_id)._heat_import_file(
                    data, profile, file_name=name
                )
                target = os.path.join(
                    folder, "done" if batch.state == "done" else "failed"
                )
                os.makedirs(target, exist_ok=True)
                shutil.move(path, os.path.join(target, name))
                with open(os.path.join(target, name + ".report.txt"), "w") as report:
                    report.write(batch._report_text() + "\n")
                batches |= batch
        return batches
