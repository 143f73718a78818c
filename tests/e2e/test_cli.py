"""The `dreambank` command line as a process, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import _run_apart, empty_postgres
from tests.e2e.run_starts import free_port

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


def run_until_the_portal_answers(env: dict[str, str]) -> tuple[httpx.Response | None, str]:
    """`dreambank run` as a process until its portal's front page answers, then SIGTERM: the page (None if it never
    answered) and what the process printed; it must stop cleanly."""
    port = free_port()
    env = {**env, "DREAMBANK_LISTEN": f"127.0.0.1:{port}"}
    process = subprocess.Popen([str(DREAMBANK), "run"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env, cwd=env["DREAMBANK_DATA_DIR"].rsplit("/", 1)[0])
    served = None
    try:
        for _attempt in range(600):
            try:
                served = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    break
                time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0 and "Traceback" not in out + err, out + err
    return served, out


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

        assert quorum.returncode == 1 and "“loudest” is not a quorum rule" in quorum.stderr
        assert role.returncode == 1 and "“king” is not a role; choose one of board," in role.stderr
        assert nobody.returncode == 1 and "No branch 'x'" in nobody.stderr

    def test_a_branch_with_a_bad_slug_zone_language_or_quorum_is_not_opened(self, environment):
        slug = dreambank(environment, "branch", "create", "bad slug!", "X")
        zone = dreambank(environment, "branch", "create", "mars", "Mars", "--timezone", "Mars/Base")
        language = dreambank(environment, "branch", "create", "elvdal", "Elvdal", "--language", "de")
        quorum = dreambank(environment, "branch", "create", "elvdal", "Elvdal", "--quorum", "approvals:0")
        name = dreambank(environment, "branch", "create", "elvdal", "   ")
        listed = dreambank(environment, "branch", "list")

        assert slug.returncode == 1 and "“bad slug!” cannot be a branch's short name" in slug.stderr
        assert zone.returncode == 1 and "“Mars/Base” is not a time zone I know" in zone.stderr
        assert "No time zone found" not in zone.stderr and "Traceback" not in zone.stderr
        assert language.returncode == 1
        assert "“de” is not a language I speak yet; choose one of en, nb" in language.stderr
        assert quorum.returncode == 1 and "“approvals:0” is not a quorum rule" in quorum.stderr
        assert name.returncode == 1 and "A branch's name needs 1 to 100 characters." in name.stderr
        assert listed.returncode == 0 and listed.stdout.strip() == ""

    def test_only_a_real_group_chat_id_is_linked(self, environment):
        dreambank(environment, "branch", "create", "fjordby", "Fjordby")

        letters = dreambank(environment, "branch", "link", "fjordby", "board", "telegram:abc")
        person = dreambank(environment, "branch", "link", "fjordby", "board", "telegram:12345")
        platform = dreambank(environment, "branch", "link", "fjordby", "board", "myspace:-100")
        group = dreambank(environment, "branch", "link", "fjordby", "board", "telegram:-1001234567890")

        assert letters.returncode == 1 and "“abc” is not a Telegram group or channel" in letters.stderr
        assert person.returncode == 1 and "“12345” is not a Telegram group or channel" in person.stderr
        assert platform.returncode == 1 and "“myspace” is not a platform with group chats" in platform.stderr
        assert group.returncode == 0 and "telegram:-1001234567890 is now the board chat of fjordby." in group.stdout

    def test_a_discord_category_is_linked_as_the_circle_with_the_role_that_opens_it(self, environment):
        dreambank(environment, "branch", "create", "fjordby", "Fjordby")

        letters = dreambank(environment, "branch", "link", "fjordby", "board", "discord:board")
        roleless = dreambank(environment, "branch", "link", "fjordby", "circle", "discord:1234567890123456789")
        bad_role = dreambank(environment, "branch", "link", "fjordby", "circle", "discord:1234567890123456789",
                             "--role", "@padriver")
        telegram_role = dreambank(environment, "branch", "link", "fjordby", "circle", "telegram:-100123",
                                  "--role", "42")
        circle = dreambank(environment, "branch", "link", "fjordby", "circle", "discord:1234567890123456789",
                           "--role", "987654321098765432")
        board = dreambank(environment, "branch", "link", "fjordby", "board", "discord:1111111111111111111")

        assert letters.returncode == 1 and "“board” is not a Discord channel or category" in letters.stderr
        assert roleless.returncode == 1 and "Name the role that opens the pådrivere's category" in roleless.stderr
        assert bad_role.returncode == 1 and "“@padriver” is not a role's id" in bad_role.stderr
        assert telegram_role.returncode == 1 and "On telegram a chat is not opened by a role" in telegram_role.stderr
        assert circle.returncode == 0
        assert ("discord:1234567890123456789 is now the circle chat of fjordby, opened by the role 987654321098765432."
                in circle.stdout)
        assert board.returncode == 0 and "is now the board chat of fjordby." in board.stdout

    def test_a_broadcast_to_an_audience_that_is_no_one_is_refused(self, environment):
        dreambank(environment, "demo")  # Fjordby, with dreams
        dreambank(environment, "branch", "create", "elvdal", "Elvdal")

        role = dreambank(environment, "broadcast", "fjordby", "--text", "Hi", "--audience", "role:wizard", "--no-wait")
        dream = dreambank(environment, "broadcast", "fjordby", "--text", "Hi", "--audience", "followers:999",
                          "--no-wait")
        elsewhere = dreambank(environment, "broadcast", "elvdal", "--text", "Hi", "--audience", "followers:1",
                              "--no-wait")
        status = dreambank(environment, "outbox", "status")
        here = dreambank(environment, "broadcast", "fjordby", "--text", "Hi", "--audience", "followers:1", "--no-wait")

        assert role.returncode == 1 and "role:wizard" in role.stderr and "members" not in role.stdout
        assert dream.returncode == 1 and "There is no dream number 999 in this branch" in dream.stderr
        assert elsewhere.returncode == 1 and "There is no dream number 1 in this branch" in elsewhere.stderr
        assert not any("Traceback" in p.stderr for p in (role, dream, elsewhere))  # said plainly, nothing logged
        assert "(no broadcasts yet)" in status.stdout
        assert here.returncode == 0 and "is in the outbox" in here.stdout

    def test_a_grant_to_someone_unknown_is_refused(self, environment):
        dreambank(environment, "branch", "create", "fjordby", "Fjordby")

        ghost = dreambank(environment, "member", "grant", "fjordby", "ghost", "board")
        number = dreambank(environment, "member", "grant", "fjordby", "999", "board")

        assert ghost.returncode == 1 and "No member 'ghost'." in ghost.stderr
        assert number.returncode == 1 and "No member '999'." in number.stderr

    def test_the_demo_is_made_once(self, environment):
        first = dreambank(environment, "demo")
        second = dreambank(environment, "demo")

        assert "is ready" in first.stdout and "exists already" in second.stdout

    def test_upgrade_reports_the_database_without_its_password(self, environment):
        done = dreambank(environment, "db", "upgrade")

        assert done.returncode == 0 and "The database is up to date" in done.stdout

    def test_run_without_a_platform_serves_the_portal_and_says_how_to_configure_one(self, environment):
        served, out = run_until_the_portal_answers(environment)

        assert served is not None and served.status_code == 200
        assert "No chat platform is configured yet: the web portal alone is served" in out
        assert "DREAMBANK_TELEGRAM_TOKEN" in out and "dreambank chat" in out


class TestRunWithTelegram:
    def test_an_unreachable_bot_api_is_reported_plainly(self, tmp_path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
        env.update(DREAMBANK_DATA_DIR=str(tmp_path / "data"), DREAMBANK_TELEGRAM_TOKEN="123:abc",
                   DREAMBANK_TELEGRAM_API_URL="http://127.0.0.1:9/bot", DREAMBANK_LISTEN=f"127.0.0.1:{free_port()}")
        done = dreambank(env, "run")

        assert done.returncode == 1 and "Could not reach Telegram at http://127.0.0.1:9/bot" in done.stderr
        assert "Traceback" not in done.stderr

    def test_an_empty_token_means_no_telegram(self, tmp_path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
        env.update(DREAMBANK_DATA_DIR=str(tmp_path / "data"), DREAMBANK_TELEGRAM_TOKEN="")

        served, out = run_until_the_portal_answers(env)

        assert served is not None and served.status_code == 200 and "No chat platform is configured yet" in out
