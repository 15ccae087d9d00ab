"""Turning an outbox row into an email, and the two ways of handing it on: an SMTP server or the console.

Only the outbox worker (dialogue.outbox.worker) uses this module; requests never talk SMTP.
"""

import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Protocol

from dialogue.outbox.models import OutboxMessage
from dialogue.outbox.queue import single_line

BACKENDS = ("smtp", "console")
SECURITY_MODES = ("none", "starttls", "tls")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
ERROR_MAX_LENGTH = 500  # what is kept of a server's reply in outbox_messages.last_error


class MailConfigError(Exception):
    """The MAIL_* settings cannot work; the message names the setting."""


@dataclass(frozen=True)
class MailSettings:
    backend: str
    host: str
    port: int
    security: str
    username: str | None
    password: str | None
    sender: Address
    max_attempts: int
    retry_base_seconds: int
    timeout_seconds: int

    @classmethod
    def from_config(cls, config: Mapping) -> "MailSettings":
        backend = str(config.get("MAIL_BACKEND") or "smtp").lower()
        if backend not in BACKENDS:
            raise MailConfigError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}.")
        security = str(config.get("MAIL_SECURITY") or "none").lower()
        if security not in SECURITY_MODES:
            raise MailConfigError(f"MAIL_SECURITY must be one of {', '.join(SECURITY_MODES)}, not {security!r}.")
        username = config.get("MAIL_USERNAME") or None
        password = config.get("MAIL_PASSWORD") or None
        if password and not username:
            raise MailConfigError("MAIL_PASSWORD is set but MAIL_USERNAME is not.")
        port = config.get("MAIL_PORT") or DEFAULT_PORTS[security]
        return cls(
            backend=backend,
            host=str(config.get("MAIL_HOST") or "localhost"),
            port=_at_least("MAIL_PORT", port, 1),
            security=security,
            username=username,
            password=password,
            sender=parse_sender(config.get("MAIL_FROM")),
            max_attempts=_at_least("MAIL_MAX_ATTEMPTS", config.get("MAIL_MAX_ATTEMPTS", 8), 1),
            # At least a second: a failed message must fall out of the round that tried it.
            retry_base_seconds=_at_least("MAIL_RETRY_BASE_SECONDS", config.get("MAIL_RETRY_BASE_SECONDS", 60), 1),
            timeout_seconds=_at_least("MAIL_TIMEOUT_SECONDS", config.get("MAIL_TIMEOUT_SECONDS", 20), 1),
        )


def _at_least(name: str, value, minimum: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise MailConfigError(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise MailConfigError(f"{name} must be at least {minimum}, not {number}.")
    return number


def parse_sender(value: str | None) -> Address:
    """MAIL_FROM, e.g. "Dialogue <noreply@malmo.se>"."""
    if not value:
        raise MailConfigError('Set MAIL_FROM, e.g. "Dialogue <noreply@example.org>".')
    name, address = parseaddr(single_line(value, 300))
    try:
        username, domain = address.rsplit("@", 1)
        return Address(display_name=name, username=username, domain=domain)
    except ValueError:
        example = '"Dialogue <noreply@example.org>"'
        raise MailConfigError(f"MAIL_FROM must be an address like {example}, not {value!r}.") from None


class MessageRefused(Exception):
    """The server would not take this one message (a refused recipient, a rejected message).

    `permanent` for a 5xx reply: trying again cannot help. A 4xx reply is worth another try later.
    """

    def __init__(self, reason: str, permanent: bool):
        super().__init__(reason)
        self.reason = short_error(reason)
        self.permanent = permanent


class ServerUnavailable(Exception):
    """No message can be handed over now: the server cannot be reached, refuses our login or sender, or closes."""


class ConnectionLost(Exception):
    """The connection broke while one message was being handed over; the server's fate is unknown."""


def short_error(text: str) -> str:
    return single_line(text, ERROR_MAX_LENGTH)


def describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return short_error(f"{error.smtp_code} {reply}")
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "timed out"
    return short_error(f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)


def message_id(message: OutboxMessage, domain: str) -> str:
    """The same for every try of a message, so a receiver can tell a repeated delivery from a new message."""
    return f"<outbox.{message.id}.{int(message.created_at.timestamp() * 1000)}@{domain}>"


def build_email(message: OutboxMessage, sender: Address) -> EmailMessage:
    """multipart/alternative (text, HTML), inside multipart/mixed when there are attachments.

    Header values pass single_line() again here, whoever wrote the row: a line break in a name or subject
    can never start a header of its own (e.g. a Bcc).
    """
    email = EmailMessage()
    email["From"] = sender
    email["To"] = Address(display_name=single_line(message.to_name or "", 120), addr_spec=message.to_address)
    email["Subject"] = single_line(message.subject, 250)
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message_id(message, sender.domain)
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: out-of-office replies stay away
    email.set_content(message.body_text, cte="quoted-printable")
    email.add_alternative(message.body_html, subtype="html", cte="quoted-printable")
    for attachment in message.attachments:
        type_header = EmailMessage()
        type_header["Content-Type"] = attachment.content_type
        params = dict(type_header["Content-Type"].params)
        maintype = type_header.get_content_maintype()
        if maintype == "text":
            params.setdefault("charset", "utf-8")
        email.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=type_header.get_content_subtype(),
            filename=single_line(attachment.filename, 120),
            params=params,
        )
    # Last: making the body multipart moves the Content-* headers set before it into the first part.
    email["Content-Language"] = single_line(message.language, 8)
    return email


class Mailer(Protocol):
    """Hands emails on. open() raises ServerUnavailable; send() raises MessageRefused, ConnectionLost or that."""

    def open(self) -> None: ...

    def send(self, email: EmailMessage, recipient: str) -> None: ...

    def close(self) -> None: ...


class SmtpMailer:
    """One connection per round of the worker, opened before the first message and closed at the end."""

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        if self._smtp is not None:
            return
        settings = self.settings
        try:
            if settings.security == "tls":
                smtp = smtplib.SMTP_SSL(
                    settings.host, settings.port, timeout=settings.timeout_seconds, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds)
            try:
                smtp.ehlo()
                if settings.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                    smtp.ehlo()
                if settings.username:
                    smtp.login(settings.username, settings.password or "")
            except BaseException:
                smtp.close()
                raise
        except (OSError, smtplib.SMTPException) as error:
            raise ServerUnavailable(f"{settings.host}:{settings.port}: {describe(error)}") from error
        self._smtp = smtp

    def send(self, email: EmailMessage, recipient: str) -> None:
        for last_try in (False, True):
            self.open()
            try:
                self._smtp.send_message(email, from_addr=self.settings.sender.addr_spec, to_addrs=[recipient])
                return
            except smtplib.SMTPSenderRefused as error:
                self._after_refusal(error.smtp_code, error.smtp_error, of_sender=True)
            except smtplib.SMTPRecipientsRefused as error:
                code, reply = next(iter(error.recipients.values()), (550, b"recipient refused"))
                self._after_refusal(code, reply)
            except smtplib.SMTPDataError as error:
                self._after_refusal(error.smtp_code, error.smtp_error)
            except smtplib.SMTPNotSupportedError as error:  # e.g. a non-ASCII address, and no SMTPUTF8
                raise MessageRefused(describe(error), permanent=True) from error
            except smtplib.SMTPServerDisconnected as error:
                # Most often a connection the server had already closed (idle, or after a refusal): one fresh try.
                self._drop()
                if last_try:
                    raise ConnectionLost(describe(error)) from error
            except OSError as error:  # a timeout or a reset in the middle of the message (SMTPException too)
                self._drop()
                raise ConnectionLost(describe(error)) from error

    def _after_refusal(self, code: int, reply: bytes | str, of_sender: bool = False) -> None:
        """Whose trouble a refusal is. The server's or our settings' (421 closing, 530 log in first, our sender
        refused): no message is to blame, so none uses up a try. Otherwise the message's own (a recipient,
        the content, the size): 5xx final, 4xx worth another try."""
        reply = short_error(f"{code} {reply.decode('utf-8', 'replace') if isinstance(reply, bytes) else reply}")
        if code == 421:
            self._drop()
            raise ServerUnavailable(reply)
        if code == 530 or (of_sender and code != 552):  # 552 to MAIL FROM: this message is too large
            raise ServerUnavailable(f"the server refuses to take mail from {self.settings.sender.addr_spec}: {reply}")
        raise MessageRefused(reply, permanent=500 <= code < 600)

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def close(self) -> None:
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass  # everything handed over is delivered; a rude goodbye changes nothing
        finally:
            self._drop()


class ConsoleMailer:
    """For development (`make run`): prints each message's headers and text instead of sending it."""

    def __init__(self, settings: MailSettings, echo: Callable[[str], None] = print):
        self.settings = settings
        self.echo = echo

    def open(self) -> None:
        pass

    def send(self, email: EmailMessage, recipient: str) -> None:
        lines = ["-" * 72]
        lines += [f"{name}: {value}" for name, value in email.items() if not name.startswith(("MIME", "Content"))]
        for part in email.iter_attachments():
            size = len(part.get_payload(decode=True) or b"")
            lines.append(f"Attachment: {part.get_filename()} ({part.get_content_type()}, {size} bytes)")
        text_part = email.get_body(preferencelist=("plain",))
        lines += ["", text_part.get_content().rstrip() if text_part else "", "-" * 72]
        self.echo("\n".join(lines))

    def close(self) -> None:
        pass


def mailer_for(settings: MailSettings, echo: Callable[[str], None] = print) -> Mailer:
    return ConsoleMailer(settings, echo) if settings.backend == "console" else SmtpMailer(settings)
