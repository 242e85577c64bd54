#!/bin/bash
# Start the official image's entrypoint with docker/odoo.conf, the master password taken
# from the Docker secret odoo_master_password (never from the image or the compose file).
set -euo pipefail
conf=/var/lib/odoo/odoo.conf
secret=/run/secrets/odoo_master_password
cp /etc/odoo/heat-suite.conf "$conf"
if [ -s "$secret" ]; then
    password=$(tr -d '\r\n' < "$secret")
    [ ${#password} -ge 16 ] || { echo "odoo_master_password: 16 characters at least" >&2; exit 1; }
    # Odoo hashes a plain master password on first use; the copy is rewritten each start.
    python3 - "$conf" "$password" <<'PY'
import configparser, sys
path, password = sys.argv[1], sys.argv[2]
conf = configparser.RawConfigParser()
conf.read(path)
conf.set("options", "admin_passwd", password)
with open(path, "w") as handle:
    conf.write(handle)
PY
fi
chmod 600 "$conf"
exec /entrypoint.sh odoo -c "$conf" "$@"
