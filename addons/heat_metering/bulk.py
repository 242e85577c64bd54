# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two settings for a computation over many rows at once (ADR 0055)."""

import gc
from contextlib import contextmanager


@contextmanager
def without_jit(cr):
    """PostgreSQL's JIT off for the statements of the block, then as it was.

    PostgreSQL compiles a statement whose estimated cost passes ``jit_above_cost``.
    A statement that reads a few index ranges for each of thousands of windows is
    estimated that costly, then runs in a fraction of a second: compiling it took
    longer than running it (1.5 s against 0.5 s, ``EXPLAIN ANALYZE``). Not restored
    when the block raises: the transaction is rolled back, the setting with it."""
    cr.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
    previous = cr.fetchone()[0]
    yield
    cr.execute("SELECT set_config('jit', %s, true)", [previous])


@contextmanager
def paused_gc():
    """Python's cyclic garbage collector paused in the block (or the decorated
    method), then as it was.

    Making some 100,000 small objects holding no cycle (rows, points) starts
    collections of the oldest generation, each of which walks every object of the
    Odoo process: a third of the time of a month's consumption of 5,000
    sub-stations. What the block leaves is collected at the next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
