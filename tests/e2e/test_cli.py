"""The `dreambank` command line as a process, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import _run_apart, empty_postgres

DREAMBANK = Path(sys.executable).with_name("dreambank")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def environment(request, tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env["DREAMBANK_DATA_DIR"] = str(tmp_path / "data")
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        _run_apart(lambda: empty_postgres(url))
        env["DREAMBANK_DATABASE_URL"] = url
    return env


def dreambank(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([str(DREAMBANK), *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=120, cwd=env["DREAMBANK_DATA_DIR"].rsplit("/", 1)[0])


class TestCommandLine:
    def test_a_branch_is_created_and_roles_granted_and_revoked(self, environment):
        created = dreambank(environment, "branch", "create", "elvdal", "Elvdal", "--language", "nb",
                            "--quorum", "approvals:2")
        dreambank(environment, "chat", "--as", "kari", stdin="/start\n")
        granted = dreambank(environment, "member", "grant", "elvdal", "kari", "board")
        again = dreambank(environment, "member", "grant", "elvdal", "kari", "board")
        told = dreambank(environment, "chat", stdin="/whoami\n")
        revoked = dreambank(environment, "member", "revoke", "elvdal", "kari", "board")
        listed = dreambank(environment, "branch", "list")

        assert created.stdout.strip() == "Branch 'elvdal' (Elvdal) is open, quorum approvals:2."
        assert granted.stdout.strip() == "Kari now has the role board in elvdal."
        assert again.stdout.strip() == "Kari already had the role board in elvdal."
        assert "Du er nå styremedlem i denne filialen." in told.stdout
        assert "Rollene dine: styremedlem" in told.stdout
        assert revoked.stdout.strip() == "Kari no longer has the role board in elvdal."
        assert listed.stdout.strip() == "elvdal\tElvdal\tnb\tEurope/Oslo\tapprovals:2"

    def test_bad_input_is_refused_with_a_clear_message_and_a_failing_exit(self, environment):
        quorum = dreambank(environment, "branch", "create", "x", "X", "--quorum", "loudest")
        role = dreambank(environment, "member", "grant", "nowhere", "kari", "king")
        nobody = dreambank(environment, "member", "grant", "x", "ghost", "board")

        assert quorum.returncode == 1 and "unknown quorum rule 'loudest'" in quorum.stderr
        assert role.returncode == 1 and "Unknown role 'king'" in role.stderr
        assert nobody.returncode == 1 and "No branch 'x'" in nobody.stderr

    def test_the_demo_is_made_once(self, environment):
        first = dreambank(environment, "demo")
        second = dreambank(environment, "demo")

        assert "is ready" in first.stdout and "exists already" in second.stdout

    def test_upgrade_reports_the_database_without_its_password(self, environment):
        done = dreambank(environment, "db", "upgrade")

        assert done.returncode == 0 and "The database is up to date" in done.stdout

    def test_run_without_a_platform_says_how_to_configure_one(self, environment):
        done = dreambank(environment, "run")

        assert done.returncode == 0
        assert "DREAMBANK_TELEGRAM_TOKEN" in done.stdout and "dreambank chat" in done.stdout


class TestRunWithTelegram:
    def test_an_unreachable_bot_api_is_reported_plainly(self, tmp_path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
        env.update(DREAMBANK_DATA_DIR=str(tmp_path / "data"), DREAMBANK_TELEGRAM_TOKEN="123:abc",
                   DREAMBANK_TELEGRAM_API_URL="http://127.0.0.1:9/bot")
        done = dreambank(env, "run")

        assert done.returncode == 1 and "Could not reach Telegram at http://127.0.0.1:9/bot" in done.stderr
        assert "Traceback" not in done.stderr

    def test_an_empty_token_means_no_telegram(self, tmp_path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
        env.update(DREAMBANK_DATA_DIR=str(tmp_path / "data"), DREAMBANK_TELEGRAM_TOKEN="")

        done = dreambank(env, "run")

        assert done.returncode == 0 and "No chat platform is configured yet" in done.stdout
