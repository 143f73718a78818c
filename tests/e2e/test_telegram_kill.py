"""`dreambank run` in long polling, killed with SIGKILL at random moments after button presses: after the
restarts every press is handled exactly once.

The moments are drawn from a seeded generator; the seed is printed, and DREAMBANK_KILL_SEED replays a run.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal

from core.chat.buttons import Action
from core.model.members import Identity
from core.model.reviews import Choice
from core.usecases import dreams, reviews
from dreambank.bootstrap import App, build
from dreambank.settings import Settings
from tests.e2e.delivery_setup import DREAMBANK
from tests.e2e.run_starts import free_port
from tests.e2e.telegram_harness import BANK_CHANNEL, BOARD_GROUP, set_up_branch
from tests.factories import a_draft
from tests.standins.telegram import BotApiStandIn, FloodLimits

SECRET = "kill-tests-secret-0123456789abcdef"
KILLS = 20
LIKERS = 20
BANK_DREAMS = 3
REVIEWED_DREAMS = 8
START_SECONDS = 60.0
SETTLE_SECONDS = 90.0
RESTARTS_MAX = 3


async def _member(app: App, telegram_id: int):
    async with app.uow() as uow:
        return await uow.members.by_identity(Identity("telegram", str(telegram_id)))


async def _dreams(app: App, users) -> tuple[list[int], list[int]]:
    """Dreams in the bank (to be liked) and dreams waiting for the board (to be voted on): their ids, and the
    open reviews' ids."""
    anna, bjorn, cecilie = [await _member(app, users[n]["id"]) for n in ("anna", "bjorn", "cecilie")]
    banked, reviewed = [], []
    for n in range(BANK_DREAMS + REVIEWED_DREAMS):
        async with app.uow() as uow:
            dream = await dreams.deposit_dream(uow, app.clock, anna, a_draft(f"Dream {n}"))
            await uow.commit()
        async with app.uow() as uow:
            review = await uow.reviews.latest(dream.id)
        if n < BANK_DREAMS:
            for voter in (bjorn, cecilie):
                async with app.uow() as uow:
                    await reviews.cast_vote(uow, app.clock, voter, review.id, Choice.APPROVE)
                    await uow.commit()
            banked.append(dream.id)
        else:
            reviewed.append(review.id)
    return banked, reviewed


def _presses(app: App, api: BotApiStandIn, users, banked: list[int], reviewed: list[int]):
    """Every press of the test, each pressable once: (who, the message pressed, its data, what it does)."""
    channel_post = {"message_id": 1, "chat": api.chats[BANK_CHANNEL], "date": 1_700_000_000, "text": "A dream"}
    board_post = {"message_id": 1, "chat": api.chats[BOARD_GROUP], "date": 1_700_000_000, "text": "A review"}
    likes = [(liker, channel_post, app.codec.encode(Action.LIKE, dream), ("like", dream, liker["id"]))
             for liker in users["likers"] for dream in banked]
    votes = [(users["bjorn"], board_post, app.codec.encode(Action.VOTE, review, "a"), ("vote", review, users["bjorn"]["id"]))
             for review in reviewed]
    return likes + votes


class Bot:
    """One `dreambank run` process at a time."""

    def __init__(self, env: dict[str, str], cwd: str, api: BotApiStandIn) -> None:
        self.env, self.cwd, self.api = env, cwd, api
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    async def start(self) -> None:
        polls = len(self.api.calls_to("getUpdates"))
        self.process = await asyncio.create_subprocess_exec(str(DREAMBANK), "run", env=self.env, cwd=self.cwd,
                                                            stdout=asyncio.subprocess.DEVNULL,
                                                            stderr=asyncio.subprocess.DEVNULL)
        self.starts += 1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_SECONDS
        while len(self.api.calls_to("getUpdates")) == polls:  # polling: what it stored is handled by now
            assert loop.time() < deadline, "dreambank run never began polling"
            if self.process.returncode is not None:
                return  # it ended by itself; the next start takes over, as after a kill
            await asyncio.sleep(0.02)

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
        if self.process is not None:
            await self.process.wait()

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 30)
        except TimeoutError:
            await self.kill()


async def _handled(app: App, banked: list[int], reviewed: list[int], people: list[int]) -> tuple[set, list]:
    """(dream, liker's Telegram id) of every like, and (review, voter's Telegram id) of every vote."""
    telegram_id = {}
    for person in people:
        member = await _member(app, person)
        if member is not None:
            telegram_id[member.id] = person
    async with app.uow() as uow:
        likes = {(dream, telegram_id.get(member_id)) for dream in banked for member_id in await uow.bank.likers(dream)}
        votes = [(review, telegram_id.get(vote.voter_id)) for review in reviewed
                 for vote in await uow.reviews.votes(review)]
    return likes, sorted(votes)


async def test_every_press_is_handled_exactly_once_across_kills_at_random_moments(tmp_path):
    seed = int(os.environ.get("DREAMBANK_KILL_SEED") or random.SystemRandom().randrange(1 << 32))
    print(f"DREAMBANK_KILL_SEED={seed}")
    chance = random.Random(seed)
    async with BotApiStandIn(max_poll_seconds=0.5, limits=FloodLimits()) as api:
        settings = Settings(data_dir=tmp_path, secret=SECRET,
                            telegram_token=api.token, telegram_api_url=api.base_url)
        app = await build(settings)
        bot = None
        try:
            users = await set_up_branch(app, api)
            users["likers"] = [api.user(3000 + n, f"Liker {n}") for n in range(LIKERS)]
            banked, reviewed = await _dreams(app, users)
            presses = _presses(app, api, users, banked, reviewed)
            chance.shuffle(presses)
            env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
            env.update(DREAMBANK_DATA_DIR=str(tmp_path), DREAMBANK_SECRET=SECRET, DREAMBANK_TELEGRAM_TOKEN=api.token,
                       DREAMBANK_TELEGRAM_API_URL=api.base_url, DREAMBANK_TELEGRAM_POLL_SECONDS="0.05",
                       DREAMBANK_LOG_LEVEL="ERROR", DREAMBANK_SCHEDULE_SYNC_SECONDS="3600",
                       DREAMBANK_LISTEN=f"127.0.0.1:{free_port()}")
            bot = Bot(env, str(tmp_path), api)

            queue = list(presses)
            for _kill in range(KILLS):
                await bot.start()
                for _ in range(min(len(queue), chance.randint(1, 3))):
                    who, message, data, _what = queue.pop()
                    api.press(who, message, data, strict=False)
                await asyncio.sleep(chance.uniform(0, 0.5))
                await bot.kill()
            await bot.start()
            for who, message, data, _what in queue:  # what the kills left unpressed, pressed while it runs
                api.press(who, message, data, strict=False)

            people = [u["id"] for u in users["likers"]] + [users["bjorn"]["id"]]
            expected_likes = {(what[1], what[2]) for *_press, what in presses if what[0] == "like"}
            expected_votes = sorted((what[1], users["bjorn"]["id"]) for *_press, what in presses if what[0] == "vote")
            loop = asyncio.get_running_loop()
            deadline = loop.time() + SETTLE_SECONDS
            while True:
                likes, votes = await _handled(app, banked, reviewed, people)
                if (likes, votes) == (expected_likes, expected_votes) or loop.time() > deadline:
                    break
                if bot.process.returncode is not None and bot.starts < KILLS + 1 + RESTARTS_MAX:
                    await bot.start()  # it ended by itself: what it stored is handled by the next start
                await asyncio.sleep(0.2)
        finally:
            if bot is not None:
                await bot.stop()
            await app.close()

    refusals = [c.params.get("text", "") for c in api.calls_to("answerCallbackQuery") if c.params.get("show_alert")]
    assert bot.starts >= KILLS + 1
    assert len(presses) - len(queue) >= KILLS, "every kill came after at least one press"
    assert expected_likes - likes == set(), f"likes lost (seed {seed})"
    assert votes == expected_votes, f"votes lost or counted twice (seed {seed})"
    assert likes == expected_likes
    assert refusals == [], f"a press was handled twice and refused the second time (seed {seed})"
