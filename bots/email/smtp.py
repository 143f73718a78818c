"""The mail server: where it is (an smtp:// URL), and one connection to it kept open between sends."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

log = logging.getLogger(__name__)
_TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class SmtpServer:
    """smtp://user:password@host:587?starttls=true, or smtps://… for TLS from the first byte.

    Without `starttls`, STARTTLS is used when the server offers it; `starttls=true` insists on it and
    `starttls=false` never uses it.
    """

    host: str
    port: int
    username: str | None = None
    password: str | None = None
    implicit_tls: bool = False
    starttls: bool | None = None

    @classmethod
    def parse(cls, url: str) -> "SmtpServer":
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("the SMTP URL must look like smtp://user:password@host:587 or smtps://host:465")
        implicit = parts.scheme == "smtps"
        chosen = parse_qs(parts.query).get("starttls", [None])[0]
        starttls = False if implicit else (None if chosen is None else chosen.lower() in _TRUE)
        port = parts.port or (465 if implicit else 587 if starttls else 25)
        return cls(parts.hostname, port, unquote(parts.username) if parts.username else None,
                   unquote(parts.password) if parts.password else None, implicit, starttls)


class SmtpConnection:
    """One connection, opened at the first send and used for the sends after it, one at a time.

    When the server has closed it in between (idle too long, or a 421), the next send opens a new one;
    a send that finds a kept connection dead is tried once more on a fresh one, since the server
    cannot have taken the message.
    """

    def __init__(self, server: SmtpServer, timeout: float = 30.0) -> None:
        self._server, self._timeout = server, timeout
        self._client: aiosmtplib.SMTP | None = None
        self._lock = asyncio.Lock()

    async def send(self, message: EmailMessage) -> None:
        async with self._lock:
            kept = self._client is not None and self._client.is_connected
            try:
                await (await self._connected()).send_message(message)
            except aiosmtplib.SMTPServerDisconnected:
                self._drop()
                if not kept:
                    raise
                log.info("the mail server had closed the connection; opening a new one")
                await (await self._connected()).send_message(message)
            except aiosmtplib.SMTPRecipientsRefused:
                raise  # the envelope was reset; the connection is fine for the next one
            except aiosmtplib.SMTPResponseException as refused:
                if refused.code == 421:  # the server is closing the connection
                    self._drop()
                raise
            except (aiosmtplib.SMTPException, OSError, asyncio.TimeoutError):
                self._drop()
                raise

    async def close(self) -> None:
        async with self._lock:
            client, self._client = self._client, None
            if client is not None and client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()

    async def _connected(self) -> aiosmtplib.SMTP:
        if self._client is not None and self._client.is_connected:
            return self._client
        s = self._server
        client = aiosmtplib.SMTP(hostname=s.host, port=s.port, username=s.username, password=s.password,
                                 use_tls=s.implicit_tls, start_tls=s.starttls, timeout=self._timeout)
        await client.connect()
        self._client = client
        return client

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()
