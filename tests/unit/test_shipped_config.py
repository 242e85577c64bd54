"""What the project ships must be safe by default: no database manager and no weak
master password served beyond localhost, nothing published to the world by Docker."""

import configparser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WEAK = {"admin", "odoo", "password", "changeme"}


def _options(path):
    conf = configparser.RawConfigParser(inline_comment_prefixes=(";",))
    conf.read(path)
    return dict(conf.items("options"))


def _is_local(interface):
    return interface in ("127.0.0.1", "localhost", "::1")


def _problems(options, production):
    """What is unsafe in one Odoo configuration."""
    found = []
    served_beyond_localhost = production or not _is_local(
        options.get("http_interface", "")
    )
    password = options.get("admin_passwd", "admin")  # Odoo's default is "admin"
    if served_beyond_localhost and password.lower() in WEAK:
        found.append(f"weak master password {password!r} served beyond localhost")
    if served_beyond_localhost and options.get("list_db", "True") != "False":
        found.append("database manager (list_db) served beyond localhost")
    if production:
        for key, wanted in (("list_db", "False"), ("proxy_mode", "True")):
            if options.get(key) != wanted:
                found.append(f"{key} should be {wanted}")
        if not options.get("dbfilter"):
            found.append("no dbfilter")
        if int(options.get("workers", "0")) < 2:
            found.append("no workers")
    for key in ("db_host", "db_port", "db_user", "db_password"):
        if key in options and not options[key]:
            found.append(f"empty {key} (breaks `odoo -c ... --{key}=...`)")
    return found


def test_development_configuration_serves_localhost_only():
    options = _options(ROOT / "odoo.conf")
    assert _problems(options, production=False) == []
    assert _is_local(options["http_interface"])
    assert options["list_db"] == "False"
    # an empty master password forbids every database-manager call
    assert options["admin_passwd"] == ""


def test_production_example_has_no_manager_and_a_filter():
    assert _problems(_options(ROOT / "docker" / "odoo.conf"), production=True) == []


def test_the_check_catches_the_old_defaults():
    old = {"admin_passwd": "admin", "list_db": "True", "db_port": ""}
    assert len(_problems(old, production=False)) == 3
    assert _problems({"http_interface": "127.0.0.1"}, production=False) == []
    assert "no dbfilter" in _problems({"list_db": "False"}, production=True)


def test_compose_publishes_on_localhost_and_takes_passwords_from_outside():
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)
        for key, value in (service.get("environment") or {}).items():
            if "PASSWORD" in key:
                assert str(value).startswith("${"), (name, key)
    assert "odoo_master_password" in compose["secrets"]
    assert (ROOT / "docker" / "env.example").exists()
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "docker/.env" in ignored and "docker/secrets/" in ignored


def test_compose_serves_users_and_runs_jobs_in_two_services():
    """The users' service has no cron worker, the jobs' service no HTTP; both on one
    database and one filestore (ADR 0043)."""
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    web, jobs = compose["services"]["odoo"], compose["services"]["odoo-jobs"]
    assert "--max-cron-threads=0" in web["command"]
    assert "--no-http" in jobs["command"] and not jobs.get("ports")
    assert any(
        arg.startswith("--max-cron-threads=") and arg[-1] != "0"
        for arg in jobs["command"]
    )
    assert web["volumes"] == jobs["volumes"] == ["heat-filestore:/var/lib/odoo"]
    assert web["environment"] == jobs["environment"]
