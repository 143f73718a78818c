"""The delivery engine: claims due notices, paces them within the platform's limits, sends, records.

One engine per bot sends at a time (it holds the bot's lease); claimed notices stream through a
bounded queue to a few workers, so memory does not grow with the size of a broadcast. A notice
is claimed before it is sent, its send's start is committed when its chat's turn has come (then it
takes the bot's next slot and its request goes out), and its outcome is recorded after. Whatever
a stopped engine had claimed but not recorded is sent when the next one starts, so nothing is
lost; only those whose send had begun can be repeats.
Broadcasts too big for one transaction are fanned out here too, a chunk at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from core.clock import Clock
from core.model.notices import Delivery
from core.ports import Lease, UnitOfWorkFactory
from core.usecases.live_notices import as_it_is_now, shows_live_state
from core.usecases.members import unreachable

from .channels import Channel, Rejected, RetryLater, Transient, Unreachable
from .pacing import Pacer
from .recording import Recorder

log = logging.getLogger(__name__)

#: seconds between two chunks of a fan-out: SQLite's busy handler sleeps up to 100 ms between its tries for the
#: write lock, so a writer waiting for it gets it before the next chunk does (back to back, it may wait for many)
FAN_OUT_PAUSE = 0.15


@dataclass(frozen=True)
class EngineSettings:
    batch: int = 100
    workers: int = 32
    max_tries: int = 5
    backoff_seconds: float = 2.0
    backoff_max_seconds: float = 600.0
    idle_seconds: float = 1.0
    flush_seconds: float = 0.0  # write each outcome as soon as the previous write is done


class DeliveryEngine:
    def __init__(self, db: UnitOfWorkFactory, channel: Channel, clock: Clock, lease: Lease,
                 settings: EngineSettings = EngineSettings(), at_once: UnitOfWorkFactory | None = None) -> None:
        """`at_once`: units of work whose statements are each kept as they run, with no transaction around them
        (no BEGIN and COMMIT to wait for), for recording sends; without it, `db`'s."""
        self._db, self._channel, self._clock, self._lease = db, channel, clock, lease
        self.settings = settings
        self.pacer = Pacer(channel.limits)
        self._wake = asyncio.Event()
        self._queue: asyncio.Queue[Delivery] = asyncio.Queue(maxsize=settings.batch * 2)
        self._recorder = Recorder(db, clock, channel.platform, settings.flush_seconds, at_once=at_once)
        self.starter = self._recorder.starter
        self._next_fan_out = 0.0  # when to look for a broadcast not yet fanned out (monotonic seconds)
        self._busy = 0
        self._chat_locks: dict[str, list] = {}

    def wake(self) -> None:
        """Look at the outbox now: something was just written to it."""
        self._wake.set()

    @property
    def idle(self) -> bool:
        return self._queue.empty() and self._busy == 0

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; in-flight sends finish and are recorded before returning."""
        done_sending = asyncio.Event()
        workers = [asyncio.create_task(self._work()) for _ in range(self.settings.workers)]
        recording = asyncio.create_task(self._recorder.run(done_sending))
        try:
            await self._produce(stop, recording)
        finally:
            self._put_back_what_waits()
            await self._queue.join()
            for w in workers:
                w.cancel()
            for w in workers:
                with contextlib.suppress(asyncio.CancelledError):
                    await w
            done_sending.set()
            await recording
            await self._lease.release()

    async def _produce(self, stop: asyncio.Event, recording: asyncio.Task) -> None:
        recovered = False
        while not stop.is_set():
            if recording.done():  # without a record of what was sent, sending must stop
                log.error("recording outcomes failed; sending stops", exc_info=recording.exception())
                raise RuntimeError("the recorder of outcomes stopped")
            if self._queue.qsize() >= self.settings.batch:  # before the lease: checking it is a query each time
                await asyncio.sleep(0.005)
                continue
            if not await self._lease.hold():
                await self._sleep(stop, self.settings.idle_seconds)
                recovered = False
                continue
            if not recovered:
                await self.recover()
                recovered = True
            await self._fan_out_more()
            claimed = await self._claim()
            if not claimed:
                await self._sleep(stop, self.settings.idle_seconds)
                continue
            for delivery in claimed:
                await self._queue.put(delivery)

    def _put_back_what_waits(self) -> None:
        """On stopping, claimed notices not yet started go back to pending instead of being sent now."""
        while not self._queue.empty():
            delivery = self._queue.get_nowait()
            self._recorder.put_back(delivery, self._clock.now())
            self._queue.task_done()

    async def recover(self) -> int:
        """Notices a stopped engine had claimed but not recorded go back to pending, to be sent now: those whose send
        had begun as possibly sent (Telegram cannot tell; sending again loses nothing), the others as never sent."""
        async with self._db() as uow:
            stranded = await uow.outbox.in_flight(self._channel.platform)
            begun = [d.notice.id for d in stranded if d.notice.started_at is not None]
            for notice_id in begun:
                await uow.outbox.retry_at(notice_id, self._clock.now(), "possibly sent: the sender stopped during it")
            await uow.outbox.release([d.notice.id for d in stranded if d.notice.started_at is None])
            await uow.commit()
        if stranded:
            log.warning("%d notices were in flight when the last sender stopped, %d of them possibly sent; "
                        "sending them now", len(stranded), len(begun))
        return len(stranded)

    async def _fan_out_more(self) -> None:
        """Broadcasts too big for one transaction get their next chunks, each in a transaction of its own, 0.15 s
        apart; when there is none, looked for again only after `idle_seconds`: one query per poll."""
        loop = asyncio.get_running_loop()
        if loop.time() < self._next_fan_out:
            return
        async with self._db() as uow:
            written = await uow.broadcasts.fan_out_more()
            await uow.commit()
        self._next_fan_out = loop.time() + (FAN_OUT_PAUSE if written else self.settings.idle_seconds)

    async def _claim(self) -> list[Delivery]:
        async with self._db() as uow:
            claimed = list(await uow.outbox.claim(self._channel.platform, self.settings.batch, self._clock.now()))
            current, older = newest_per_topic(claimed)
            if older:
                await uow.outbox.supersede([d.notice.id for d in older], self._clock.now())
            await uow.commit()
        return current

    async def _sleep(self, stop: asyncio.Event, seconds: float) -> None:
        self._wake.clear()
        waits = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waits:
                w.cancel()

    async def _work(self) -> None:
        while True:
            delivery = await self._queue.get()
            self._busy += 1
            try:
                await self._deliver(delivery)
            finally:
                self._busy -= 1
                self._queue.task_done()

    async def _deliver(self, d: Delivery) -> None:
        group = self._channel.is_group(d.chat_id)

        begun = False

        async def pace(chat: bool = True) -> None:
            nonlocal begun
            chat_id = d.chat_id if chat else None
            if not begun:  # committed before the first request leaves (a long notice may make several) and before
                # its slot is taken: a write that waited between the slot and the request would bunch requests
                await self.pacer.ready(chat_id)
                await self.starter.begin(d.notice.id)
                begun = True
            await self.pacer.wait(chat_id, group)

        await self._recorder.reserve()  # every path below records exactly one outcome for it
        self.starter.hold(d.notice.id)
        try:
            async with self._chat_turn(d.chat_id):  # one send at a time per chat: its messages stay in order
                self._recorder.sent(d, await self._channel.send(await self._as_it_is_now(d), pace))
        except RetryLater as slow_down:
            log.info("the platform asked us to wait %.1f s", slow_down.seconds)
            self.pacer.pause(slow_down.seconds)
            self._recorder.again(d, self._clock.now() + timedelta(seconds=slow_down.seconds), "429 retry_after")
        except Unreachable as gone:
            await self._unreachable(d, str(gone))
            self._recorder.failed(d, f"unreachable: {gone}")
        except Rejected as refused:
            log.warning("notice %s was refused: %s", d.notice.id, refused)
            self._recorder.failed(d, f"refused: {refused}")
        except Exception as trouble:  # network, 5xx, or anything unforeseen: tried again with back-off
            self._retry_or_give_up(d, trouble)
        finally:
            self.starter.forget(d.notice.id)

    async def _as_it_is_now(self, d: Delivery) -> Delivery:
        """The notice with what it shows of live state (an event's places, the member's own answer) read at the
        send, for every platform alike; most notices show none and need no look-up."""
        if not shows_live_state(d.notice):
            return d
        async with self._db() as uow:
            return replace(d, notice=await as_it_is_now(uow, d.notice))

    async def _unreachable(self, d: Delivery, reason: str) -> None:
        """Nothing more is written where this notice went; what that means is core's to say."""
        async with self._db() as uow:
            await unreachable(uow, self._clock, self._channel.platform, d, reason)
            await uow.commit()

    @contextlib.asynccontextmanager
    async def _chat_turn(self, chat_id: str):
        entry = self._chat_locks.setdefault(chat_id, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del self._chat_locks[chat_id]

    def _retry_or_give_up(self, d: Delivery, trouble: Exception) -> None:
        reason = f"{type(trouble).__name__}: {trouble}"
        if not isinstance(trouble, Transient):
            log.exception("sending notice %s failed unexpectedly", d.notice.id, exc_info=trouble)
        if d.notice.attempts >= self.settings.max_tries:
            self._recorder.failed(d, f"gave up after {d.notice.attempts} tries: {reason}")
            return
        delay = min(self.settings.backoff_seconds * 2 ** (d.notice.attempts - 1), self.settings.backoff_max_seconds)
        self._recorder.again(d, self._clock.now() + timedelta(seconds=delay), reason)


def newest_per_topic(pending: Sequence[Delivery]) -> tuple[list[Delivery], list[Delivery]]:
    """Keep the newest pending state of each topic in each chat; the older ones are superseded."""
    newest: dict[tuple[str, str], Delivery] = {}
    for d in pending:
        if d.notice.topic:
            key = (d.chat_id, d.notice.topic)
            if key not in newest or (newest[key].notice.id or 0) < (d.notice.id or 0):
                newest[key] = d
    keep = [d for d in pending if not d.notice.topic or newest[(d.chat_id, d.notice.topic)] is d]
    kept = {id(d) for d in keep}
    return keep, [d for d in pending if id(d) not in kept]
