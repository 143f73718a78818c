"""The gateway: a real websocket speaking Discord's opcodes (HELLO, IDENTIFY, READY, heartbeats, RESUME).

Frames go out as uncompressed JSON text, which discord.py reads even when it asked for zlib-stream.
Every dispatch gets the session's next sequence number and is kept, so a client that lost its
connection and sends RESUME gets what it missed, then RESUMED.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.standins.discord.records import JsonDict

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, RECONNECT, REQUEST_MEMBERS = 0, 1, 2, 3, 6, 7, 8
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11
AUTHENTICATION_FAILED, DISALLOWED_INTENTS = 4004, 4014
CLEAN_CLOSES = frozenset({1000, 1001})

GUILDS, GUILD_MEMBERS, GUILD_PRESENCES, GUILD_MESSAGES, DIRECT_MESSAGES = 1 << 0, 1 << 1, 1 << 8, 1 << 9, 1 << 12
GUILD_SCHEDULED_EVENTS, MESSAGE_CONTENT = 1 << 16, 1 << 15
#: a privileged intent, and the application flags of which one must be set to identify with it: each is
#: switched on in the developer portal (the "limited" flag for a bot in fewer than 100 servers)
PRIVILEGED = {GUILD_PRESENCES: (1 << 12) | (1 << 13), GUILD_MEMBERS: (1 << 14) | (1 << 15),
              MESSAGE_CONTENT: (1 << 18) | (1 << 19)}
#: what Discord leaves out of a message in a server for a bot without the message content intent
CONTENT = ("content", "embeds", "attachments", "components", "poll")
INTENT_OF = {
    "GUILD_CREATE": GUILDS,
    "GUILD_UPDATE": GUILDS,
    "GUILD_DELETE": GUILDS,
    "GUILD_ROLE_CREATE": GUILDS,
    "GUILD_ROLE_UPDATE": GUILDS,
    "GUILD_ROLE_DELETE": GUILDS,
    "CHANNEL_CREATE": GUILDS,
    "CHANNEL_UPDATE": GUILDS,
    "CHANNEL_DELETE": GUILDS,
    "THREAD_CREATE": GUILDS,
    "THREAD_UPDATE": GUILDS,
    "THREAD_DELETE": GUILDS,
    "GUILD_MEMBER_ADD": GUILD_MEMBERS,
    "GUILD_MEMBER_UPDATE": GUILD_MEMBERS,
    "GUILD_MEMBER_REMOVE": GUILD_MEMBERS,
    "GUILD_SCHEDULED_EVENT_CREATE": GUILD_SCHEDULED_EVENTS,
    "GUILD_SCHEDULED_EVENT_UPDATE": GUILD_SCHEDULED_EVENTS,
    "GUILD_SCHEDULED_EVENT_DELETE": GUILD_SCHEDULED_EVENTS,
    "GUILD_SCHEDULED_EVENT_USER_ADD": GUILD_SCHEDULED_EVENTS,
}
MESSAGE_EVENTS = frozenset({"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"})


def wanted(intents: int, event: str, data: JsonDict) -> bool:
    """Whether a session identified with ``intents`` receives this dispatch (interactions always arrive)."""
    if event in MESSAGE_EVENTS:
        return bool(intents & (GUILD_MESSAGES if data.get("guild_id") else DIRECT_MESSAGES))
    needed = INTENT_OF.get(event)
    return needed is None or bool(intents & needed)


def as_seen(intents: int, event: str, data: JsonDict, bot_id: str) -> JsonDict:
    """A dispatch as a session with ``intents`` gets it: without the message content intent, a message in a
    server comes without its text, embeds, files and components, unless the bot wrote it or is mentioned."""
    if event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE") or not data.get("guild_id") or intents & MESSAGE_CONTENT:
        return data

    def emptied(message: JsonDict) -> JsonDict:
        if message.get("author", {}).get("id") == bot_id or any(u.get("id") == bot_id for u in message.get(
                "mentions") or []):
            return message
        return {**message, **{key: "" if key == "content" else [] for key in CONTENT if key in message}}

    seen = emptied(data)
    if seen.get("referenced_message"):
        seen = {**seen, "referenced_message": emptied(seen["referenced_message"])}
    return seen


def disallowed(intents: int, flags: int) -> bool:
    """Whether an application with ``flags`` may not identify with ``intents`` (a privileged one not granted)."""
    return any(intents & intent and not flags & granted for intent, granted in PRIVILEGED.items())


@dataclass
class Session:
    """One identified gateway session: its sequence, what it was sent, and its connection if any."""

    id: str
    shard: list[int] | None
    intents: int
    seq: int = 0
    sent: list[JsonDict] = field(default_factory=list)
    connection: Connection | None = None
    ended: bool = False


class Connection:
    """One websocket from the bot; a writer task sends frames in order."""

    def __init__(self, ws: web.WebSocketResponse, query: dict[str, str]) -> None:
        self.ws = ws
        self.query = query
        self.session: Session | None = None
        self.outbox: asyncio.Queue[str | None] = asyncio.Queue()
        self.writer = asyncio.create_task(self._write(), name="discord-standin-gateway-writer")
        self.closed_by_server = False

    def send(self, frame: JsonDict) -> None:
        self.outbox.put_nowait(json.dumps(frame))

    async def _write(self) -> None:
        while True:
            text = await self.outbox.get()
            if text is None:
                return
            if self.ws.closed:
                return
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self.ws.send_str(text)

    async def flush(self) -> None:
        while not self.outbox.empty() and not self.writer.done():
            await asyncio.sleep(0.001)

    async def close(self, code: int, message: bytes = b"") -> None:
        self.closed_by_server = True
        await self.flush()
        self.outbox.put_nowait(None)
        with contextlib.suppress(Exception):
            await self.ws.close(code=code, message=message)


class Gateway:
    """Sessions and connections of the bot; ``dispatch`` reaches every live session."""

    def __init__(
        self,
        *,
        token: Callable[[], str],
        ready: Callable[[Session], JsonDict],
        guilds: Callable[[Session], list[JsonDict]],
        members: Callable[[JsonDict], list[JsonDict]],
        heartbeat_interval_ms: int,
        changed: Callable[[], None],
        url: Callable[[], str],
        flags: Callable[[], int] = lambda: 0,
        bot_id: int = 0,
    ) -> None:
        self._token = token
        self._flags = flags
        self._bot_id = str(bot_id)
        self._ready = ready
        self._guilds = guilds
        self._members = members
        self._changed = changed
        self._url = url
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.heartbeats = 0
        self.identifies = 0
        self.resumes = 0
        self.failed_resumes = 0
        self.received: list[JsonDict] = []  # every frame the bot sent but heartbeats

    @property
    def connected(self) -> bool:
        return any(conn.session is not None and not conn.ws.closed for conn in self.connections)

    def live_sessions(self) -> list[Session]:
        return [session for session in self.sessions.values() if not session.ended]

    def dispatch(self, event: str, data: JsonDict) -> None:
        for session in self.live_sessions():
            if wanted(session.intents, event, data):
                self._send_dispatch(session, event, as_seen(session.intents, event, data, self._bot_id))

    def _send_dispatch(self, session: Session, event: str, data: Any) -> None:
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.sent.append(frame)
        if session.connection is not None:
            session.connection.send(frame)

    async def serve(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        conn = Connection(ws, dict(request.query))
        self.connections.add(conn)
        conn.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None})
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                await self._receive(conn, json.loads(message.data))
        finally:
            self._detach(conn, ws.close_code)
            conn.outbox.put_nowait(None)
            self.connections.discard(conn)
            self._changed()
        return ws

    async def _receive(self, conn: Connection, frame: JsonDict) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            self.heartbeats += 1
            conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
            self._changed()
            return
        self.received.append(frame)
        if op == IDENTIFY:
            await self._identify(conn, data or {})
        elif op == RESUME:
            await self._resume(conn, data or {})
        elif op == REQUEST_MEMBERS and conn.session is not None:
            self._send_dispatch(
                conn.session,
                "GUILD_MEMBERS_CHUNK",
                {
                    "guild_id": str((data or {}).get("guild_id")),
                    "members": self._members(data or {}),
                    "chunk_index": 0,
                    "chunk_count": 1,
                    "not_found": [],
                    **({"nonce": data["nonce"]} if data and data.get("nonce") else {}),
                },
            )
        self._changed()

    async def _identify(self, conn: Connection, data: JsonDict) -> None:
        if data.get("token") != self._token():
            await conn.close(AUTHENTICATION_FAILED, b"Authentication failed.")
            return
        intents = int(data.get("intents", 0))
        if disallowed(intents, self._flags()):
            await conn.close(DISALLOWED_INTENTS, b"Disallowed intent(s).")
            return
        self.identifies += 1
        session = Session(id=secrets.token_hex(16), shard=data.get("shard"), intents=intents)
        self.sessions[session.id] = session
        session.connection = conn
        conn.session = session
        self._send_dispatch(session, "READY", self._ready(session))
        for guild in self._guilds(session):
            self._send_dispatch(session, "GUILD_CREATE", guild)

    async def _resume(self, conn: Connection, data: JsonDict) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        if data.get("token") != self._token() or session is None or session.ended:
            self.failed_resumes += 1
            conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        if session.connection is not None and session.connection is not conn:
            await session.connection.close(4000)
        self.resumes += 1
        session.connection = conn
        conn.session = session
        seen = data.get("seq") or 0
        for frame in session.sent:
            if frame["s"] > seen:
                conn.send(frame)
        self._send_dispatch(session, "RESUMED", {"_trace": ["discord-standin"]})

    def _detach(self, conn: Connection, close_code: int | None) -> None:
        session = conn.session
        if session is None or session.connection is not conn:
            return
        session.connection = None
        if close_code in CLEAN_CLOSES and not conn.closed_by_server:
            session.ended = True  # a bot that closes cleanly cannot resume

    async def disconnect(self, code: int = 4000) -> None:
        """Drops every connection with ``code``; sessions stay resumable (for codes Discord allows)."""
        for conn in list(self.connections):
            await conn.close(code)

    async def reconnect(self) -> None:
        """Sends op 7 RECONNECT: the bot closes and resumes."""
        for conn in list(self.connections):
            conn.send({"op": RECONNECT, "d": None, "s": None, "t": None})

    async def invalidate(self, resumable: bool = False) -> None:
        """Sends op 9 INVALID_SESSION; with ``resumable=False`` the session ends and the bot identifies anew."""
        for conn in list(self.connections):
            if conn.session is not None and not resumable:
                conn.session.ended = True
            conn.send({"op": INVALID_SESSION, "d": resumable, "s": None, "t": None})

    async def close(self) -> None:
        for session in self.sessions.values():
            session.connection = None
        for conn in list(self.connections):
            await conn.close(1001)
            conn.writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await conn.writer
