"""The files in deploy/ hold together: the compose file and Prometheus's configuration parse, every systemd unit and
compose service runs a `dreambank` command that exists, and the proxy, the services and the scrapes name the same
processes, ports and paths."""

from __future__ import annotations

import configparser
import re
import shlex
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dreambank.bootstrap import build
from dreambank.settings import Settings

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
UNITS = sorted(DEPLOY.glob("*.service"))
IMAGE_SERVICES = ("web1", "web2", "deliver", "schedule")


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string(path.read_text())
    return parser


def command_of_unit(path: Path) -> list[str]:
    """The `dreambank` subcommand (with its arguments) a unit's ExecStart runs."""
    words = shlex.split(unit(path)["Service"]["ExecStart"])
    assert Path(words[0]).name == "dreambank", f"{path.name} runs {words[0]}"
    return words[1:]


def installed_command():
    """What the installed `dreambank` console script runs."""
    [script] = [e for e in entry_points(group="console_scripts") if e.name == "dreambank"]
    return script.load()


def help_of(args: list[str]) -> tuple[int, str]:
    """`dreambank ARGS --help`, run in this process (starting the command once per unit would take minutes)."""
    answer = CliRunner().invoke(installed_command(), [*args, "--help"], prog_name="dreambank")
    return answer.exit_code, answer.output


def test_there_is_a_unit_for_each_kind_of_process():
    assert {path.name for path in UNITS} >= {"dreambank.service", "dreambank-web@.service", "dreambank-deliver.service",
                                            "dreambank-schedule.service", "dreambank-discord.service"}


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_unit_has_its_sections_and_restarts_on_failure(path):
    parsed = unit(path)

    assert {"Unit", "Service", "Install"} <= set(parsed.sections())
    assert parsed["Service"]["Restart"] == "on-failure" and parsed["Install"]["WantedBy"] == "multi-user.target"


def test_every_unit_and_compose_service_runs_a_dreambank_command_that_exists():
    services = compose()["services"]
    commands = {f"unit {p.name}": command_of_unit(p) for p in UNITS}
    commands.update({f"service {name}": services[name]["command"] for name in IMAGE_SERVICES})

    helped = {what: help_of(args) for what, args in commands.items()}
    unknown = help_of(["nosuchcommand"])

    failed = {what: out[-500:] for what, (code, out) in helped.items() if code != 0 or "Usage:" not in out}
    assert not failed, failed
    assert unknown[0] != 0, "a command that does not exist is told apart"
    assert {tuple(args) for args in commands.values()} == {("run",), ("web",), ("deliver",), ("schedule",),
                                                          ("discord",)}


def test_the_compose_file_runs_postgresql_the_workers_the_deliverer_the_scheduler_and_the_proxy():
    services = compose()["services"]
    environment = {name: services[name]["environment"] for name in IMAGE_SERVICES}

    assert set(services) == {"postgres", *IMAGE_SERVICES, "proxy"}
    assert all(e["DREAMBANK_DATABASE_URL"].startswith("postgresql+asyncpg://dreambank:") and
               e["DREAMBANK_DATABASE_URL"].endswith("@postgres:5432/dreambank") for e in environment.values())
    assert all(e["DREAMBANK_LOG_FORMAT"] == "json" and e["DREAMBANK_SECRET"].startswith("${DREAMBANK_SECRET")
               for e in environment.values())
    assert [e.get("DREAMBANK_METRICS_LISTEN") for e in environment.values()] == [None, None, "0.0.0.0:9100",
                                                                                 "0.0.0.0:9100"]
    assert all(services[name]["depends_on"]["postgres"]["condition"] == "service_healthy" for name in IMAGE_SERVICES)
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]
    assert Settings(**{"listen": environment["web1"]["DREAMBANK_LISTEN"]}).listen_address() == ("0.0.0.0", 8080)


def test_the_proxy_balances_over_the_web_workers_by_their_readiness_and_hides_the_metrics():
    caddyfile = (DEPLOY / "Caddyfile").read_text()

    upstreams = re.search(r"^\s*to (.+)$", caddyfile, re.MULTILINE)[1].split()
    assert upstreams == ["web1:8080", "web2:8080"]
    assert re.search(r"^\s*health_uri /readyz$", caddyfile, re.MULTILINE)
    assert re.search(r"@operations path /metrics\s+respond @operations 404", caddyfile)


def test_prometheus_scrapes_every_process_where_it_serves_its_metrics():
    scrapes = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())["scrape_configs"]

    targets = sorted(t for job in scrapes for config in job["static_configs"] for t in config["targets"])
    assert targets == ["deliver:9100", "schedule:9100", "web1:8080", "web2:8080"]


async def test_the_paths_the_proxy_and_prometheus_ask_for_are_the_web_apps(tmp_path):
    app = await build(Settings(data_dir=tmp_path, secret="deploy-tests-secret-0123456789"))
    try:
        paths = {getattr(route, "path", None) for route in app.web_app().routes}
        operations = {getattr(route, "path", None) for route in app.operations_app().routes}
    finally:
        await app.close()

    assert {"/healthz", "/readyz", "/metrics"} <= paths
    assert operations == {"/healthz", "/readyz", "/metrics"}


def test_the_image_holds_every_package_dreambank_installs():
    packages = re.search(r'include = \[(.+?)\]', (DEPLOY.parent / "pyproject.toml").read_text())[1]
    copied = set(re.findall(r"^COPY (\w+) \1$", (DEPLOY / "Dockerfile").read_text(), re.MULTILINE))

    assert copied == {name.strip(' "*') for name in packages.split(",")}
