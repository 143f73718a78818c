"""`dreambank broadcast` and `dreambank outbox status` as processes, on a deployment with no chat platform."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from dreambank.bootstrap import build
from dreambank.settings import Settings
from storage.tables import IdentityRow, MemberRow
from tests.conftest import _run_apart
from tests.e2e.test_cli import dreambank, environment  # noqa: F401 - the same processes and databases


def on_telegram(env: dict[str, str], branch_slug: str, count: int) -> None:
    """Members who came in through Telegram (as the bot would have added them)."""
    async def add() -> None:
        app = await build(Settings(data_dir=Path(env["DREAMBANK_DATA_DIR"]),
                                   database_url=env.get("DREAMBANK_DATABASE_URL")))
        try:
            async with app.uow() as uow:
                branch = await uow.branches.by_slug(branch_slug)
                for i in range(count):
                    member_id = (await uow.session.execute(sa.insert(MemberRow).returning(MemberRow.id).values(
                        display_name=f"T{i}", branch_id=branch.id, joined_at=datetime.now(timezone.utc)))).scalar_one()
                    await uow.session.execute(sa.insert(IdentityRow).values(platform="telegram",
                                                                            external_id=str(900 + i),
                                                                            member_id=member_id))
                await uow.commit()
        finally:
            await app.close()

    _run_apart(add)


class TestBroadcastWithNoChatPlatform:
    def test_a_broadcast_nothing_can_deliver_is_refused_at_once_and_not_written(self, environment):
        dreambank(environment, "branch", "create", "elvdal", "Elvdal")
        on_telegram(environment, "elvdal", 3)

        sent = dreambank(environment, "broadcast", "elvdal", "--text", "Soup on Friday")
        status = dreambank(environment, "outbox", "status")

        assert sent.returncode == 1
        assert "Nothing can deliver this broadcast to its 3 members" in sent.stderr
        assert "3 on Telegram: nothing sends there on this deployment; set DREAMBANK_TELEGRAM_TOKEN" in sent.stderr
        assert "(no broadcasts yet)" in status.stdout

    def test_console_members_receive_their_share_when_they_speak(self, environment):
        dreambank(environment, "demo")
        on_telegram(environment, "fjordby", 2)

        sent = dreambank(environment, "broadcast", "fjordby", "--text", "Soup on Friday")
        before = dreambank(environment, "outbox", "status")
        chat = dreambank(environment, "chat", "--as", "anna", stdin="/help\n")
        after = dreambank(environment, "outbox", "status")

        assert sent.returncode == 0, sent.stderr
        assert "in the console chat: they see it when they next speak there." in sent.stdout
        assert "2 on Telegram: nothing sends there on this deployment" in sent.stdout
        assert "Soup on Friday" in chat.stdout
        row_before, row_after = before.stdout.splitlines()[1].split(), after.stdout.splitlines()[1].split()
        assert row_before[5] == "0" and row_after[5] == "1"  # the sent column
        assert before.stdout.splitlines()[1].endswith("not started")
        assert "0m0" not in after.stdout and after.stdout.splitlines()[1].endswith("UTC)")

    def test_an_empty_audience_is_refused(self, environment):
        dreambank(environment, "demo")

        sent = dreambank(environment, "broadcast", "fjordby", "--text", "Hei", "--audience", "role:consultant")

        assert sent.returncode == 1 and "Nobody is in the audience 'role:consultant'" in sent.stderr
