"""A mail server for tests: aiosmtpd on 127.0.0.1 keeps every message it accepts, parsed, and can refuse
chosen recipients with a chosen SMTP reply, as real servers do.

    with MailServer() as server:
        server.refuse("gone@example.org", "550 5.1.1 No such user here")
        server.refuse("busy@example.org", "421 4.3.2 Try again later", times=1)
        ...send to server.url...
        [mail] = await server.wait_for(1)

A fault inside the server's own handlers answers "500 Error" to the client, is kept in ``crashes`` and fails
the test when the server stops (MailServerCrashed); a test that provokes one on purpose clears ``crashes``.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
import traceback
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


class MailServerCrashed(AssertionError):
    """The mail server's handlers failed while the test's mail went through them."""

    def __init__(self, crashes: list[str]) -> None:
        super().__init__(f"the mail server crashed {len(crashes)} time(s):\n" + "\n".join(crashes))
        self.crashes = list(crashes)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailServer:
    def __init__(self, login: tuple[str, str] | None = None) -> None:
        """With `login` (user, password), the server offers AUTH and accepts only those credentials."""
        self.received: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []  # (MAIL FROM, RCPT TOs) of each accepted message
        self.refusals: list[tuple[str, str]] = []  # (recipient, reply) of each refused RCPT
        self.connections = 0
        self.logins: list[bool] = []  # whether each AUTH the server was given succeeded
        self.crashes: list[str] = []  # tracebacks of faults in the handlers below
        self._replies: dict[str, tuple[str, int | None]] = {}  # recipient: (reply, times left or None for always)
        self._lock = threading.Lock()
        self._login = login
        self._controller = self._new_controller(free_port())

    @property
    def port(self) -> int:
        return self._controller.port

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def refuse(self, recipient: str, reply: str, times: int | None = None) -> None:
        """Answer RCPT TO for `recipient` with `reply` ("550 5.1.1 …"): always, or the next `times` times.
        A 421 also closes the connection afterwards, as a server going away does."""
        with self._lock:
            self._replies[recipient.lower()] = (reply, times)

    def to(self, recipient: str) -> list[EmailMessage]:
        return [m for m in self.received if recipient.lower() in str(m["To"]).lower()]

    async def wait_for(self, count: int, seconds: float = 10.0) -> list[EmailMessage]:
        """At least `count` messages received, or TimeoutError."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while len(self.received) < count:
            if loop.time() > deadline:
                raise TimeoutError(f"{len(self.received)} of {count} messages arrived")
            await asyncio.sleep(0.02)
        return list(self.received)

    def start(self) -> "MailServer":
        self._controller.start()
        return self

    def stop(self) -> None:
        """Stop serving. Raises MailServerCrashed if a handler failed meanwhile."""
        self._controller.stop()
        with self._lock:
            crashes, self.crashes = self.crashes, []
        if crashes:
            raise MailServerCrashed(crashes)

    def restart(self) -> None:
        """Stopped and started again on the same port: every open connection is gone, as after a server's
        idle timeout or a restart."""
        port = self.port
        self._controller.stop()
        self._controller = self._new_controller(port)
        self._controller.start()

    def _new_controller(self, port: int) -> Controller:
        if self._login is None:
            return Controller(self, hostname="127.0.0.1", port=port)
        return Controller(self, hostname="127.0.0.1", port=port, authenticator=self._authenticate,
                          auth_require_tls=False)  # plain text is fine on 127.0.0.1

    def _authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                      auth_data: object) -> AuthResult:
        given = (auth_data.login.decode(), auth_data.password.decode()) if isinstance(auth_data, LoginPassword) \
            else None
        with self._lock:
            self.logins.append(given == self._login)
        return AuthResult(success=given == self._login)

    def __enter__(self) -> "MailServer":
        return self.start()

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        try:
            self.stop()
        except MailServerCrashed as crashed:
            if error is None:
                raise
            error.add_note(str(crashed))  # the test failed already; say what the server saw

    # --- aiosmtpd's handler hooks (run on the server's own thread and loop) -----------------------------

    async def handle_EHLO(self, server: SMTP, session: Session, envelope: Envelope, hostname: str,
                          responses: list[str]) -> list[str]:
        with self._lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        reply = self._reply_for(address)
        if reply is None:
            envelope.rcpt_tos.append(address)
            return "250 OK"
        with self._lock:
            self.refusals.append((address, reply))
        if reply.startswith("421") and server.transport is not None:
            server.loop.call_later(0.01, server.transport.close)
        return reply

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content
        data = raw if isinstance(raw, bytes) else str(raw).encode()
        message = email.message_from_bytes(data, policy=email.policy.default)
        with self._lock:
            self.received.append(message)  # type: ignore[arg-type]
            self.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    async def handle_exception(self, error: Exception) -> str:
        with self._lock:
            self.crashes.append("".join(traceback.format_exception(error)))
        return f"500 Error: ({type(error).__name__}) {error}"

    def _reply_for(self, address: str) -> str | None:
        with self._lock:
            reply, left = self._replies.get(address.lower(), ("", 0))
            if not reply or left == 0:
                return None
            if left is not None:
                self._replies[address.lower()] = (reply, left - 1)
            return reply
