"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port, keeping what it receives.

`smtp_server` (a fixture, available to every test through tests/conftest.py) is running when the test starts;
a test may stop and start it again (same port, messages kept) to play an outage. `mail_settings()` gives the
app config that points the outbox worker at it. The server can refuse chosen recipients (e.g. "550 No such
user") and can answer a message's DATA with a chosen reply, to play a server that gives up halfway.
"""

import asyncio
import errno
import socket
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
PORT_ATTEMPTS = 5


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    def text(self) -> str:
        """The plain-text part as a mail program shows it (lines end in \n, as they did before the wire)."""
        return self.message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")

    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")


class RecordingHandler:
    """aiosmtpd hooks: refuse some recipients, otherwise accept and keep each message."""

    def __init__(self):
        self.received: list[ReceivedMail] = []
        self.refused_recipients: dict[str, str] = {}
        self.sender_reply: str | None = None  # e.g. "553 5.7.1 Sender not allowed": refuses every MAIL FROM
        # Called with the number of messages received so far; returns a reply to refuse this DATA, or None.
        self.data_reply = None
        self.on_message = None  # called (in the server's thread) before a message is accepted
        # Called with the envelope; True hangs up in the middle of that message, as a crashing server would.
        self.hang_up = None
        self.lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.sender_reply:
            return self.sender_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.refused_recipients.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            reply = self.data_reply(len(self.received)) if self.data_reply else None
        if reply:
            return reply
        if self.hang_up and self.hang_up(envelope):
            server.transport.abort()
            return "451 never read: the connection is gone"
        if self.on_message:
            await asyncio.get_running_loop().run_in_executor(None, self.on_message, envelope)
        with self.lock:
            self.received.append(ReceivedMail(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self, **controller_options):
        """`controller_options` go to aiosmtpd's Controller, e.g. tls_context and authenticator."""
        self.port = free_port()
        self.handler = RecordingHandler()
        self.controller_options = controller_options
        self._controller: Controller | None = None
        self._started_once = False

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        assert not self.running, "the SMTP server is already running"
        for attempt in range(PORT_ATTEMPTS):
            # A Controller cannot start twice (its event loop is closed when it stops): a new one on the same port.
            controller = Controller(
                self.handler, hostname=HOST, port=self.port, server_hostname="localhost", **self.controller_options
            )
            try:
                controller.start()
            except OSError as error:
                # Another test process took the free port between the probe and the start: take another one.
                # A restart keeps its port (the app was told it), so only the first start may move.
                if error.errno != errno.EADDRINUSE or self._started_once or attempt == PORT_ATTEMPTS - 1:
                    raise
                self.port = free_port()
            else:
                break
        self._controller = controller
        self._started_once = True

    def stop(self) -> None:
        assert self.running, "the SMTP server is not running"
        self._controller.stop()
        self._controller = None

    def mail_settings(self, **overrides) -> dict:
        return {
            "MAIL_BACKEND": "smtp",
            "MAIL_HOST": HOST,
            "MAIL_PORT": self.port,
            "MAIL_SECURITY": "none",
            "MAIL_USERNAME": None,
            "MAIL_PASSWORD": None,
            "MAIL_FROM": "Dialogue Malmö <noreply@dialogue.test>",
            "MAIL_TIMEOUT_SECONDS": 5,
            **overrides,
        }

    def refuse(self, address: str, reply: str = "550 5.1.1 No such user here") -> None:
        self.handler.refused_recipients[address.lower()] = reply

    @property
    def received(self) -> list[ReceivedMail]:
        with self.handler.lock:
            return list(self.handler.received)

    def subjects(self) -> list[str]:
        return [mail.subject for mail in self.received]

    def to(self, address: str) -> list[ReceivedMail]:
        return [mail for mail in self.received if address in mail.rcpt_tos]


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    if server.running:
        server.stop()
