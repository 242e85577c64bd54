"""Pure computations of heat_network: plain values in, plain values out, no Odoo."""
