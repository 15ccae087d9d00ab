"""Encrypted delivery with credentials from the configuration: STARTTLS on the submission port, or TLS from the
first byte. The test server has a certificate made for the test; the worker trusts it through SSL_CERT_FILE,
as it would trust a city's own certificate authority. A login the server refuses leaves every message queued."""

import shutil
import ssl
import subprocess

import pytest
from aiosmtpd.smtp import AuthResult

from tests.notifications.outbox_helpers import outbox, queue, run_worker
from tests.smtp_server import SmtpServer

USERNAME, PASSWORD = "dialogue", "correct horse battery staple"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (certificate file, key file)."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make the test server's certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def check_login(server, session, envelope, mechanism, auth_data):
    success = (auth_data.login, auth_data.password) == (USERNAME.encode(), PASSWORD.encode())
    return AuthResult(success=success, handled=False)  # not handled: aiosmtpd answers 235 or 535 itself


@pytest.fixture
def secure_server(request, certificate, monkeypatch):
    """An SMTP server that demands STARTTLS and a login (param "starttls") or speaks TLS at once ("tls")."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    if request.param == "starttls":
        options = {"tls_context": server_context(certificate), "require_starttls": True}
    else:
        # aiosmtpd only sees STARTTLS as encryption; this connection is encrypted from its first byte.
        options = {"ssl_context": server_context(certificate), "auth_require_tls": False}
    server = SmtpServer(authenticator=check_login, auth_required=True, **options)
    server.start()
    yield request.param, server
    server.stop()


# aiosmtpd takes only STARTTLS for encryption and warns of AUTH without it; with "tls" every byte is encrypted.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
@pytest.mark.parametrize("secure_server", ["starttls", "tls"], indirect=True)
def test_mail_goes_encrypted_with_the_configured_login(app, secure_server):
    security, server = secure_server
    app.config.update(server.mail_settings(MAIL_SECURITY=security, MAIL_USERNAME=USERNAME, MAIL_PASSWORD=PASSWORD))
    queue(app, subject="Encrypted")

    report = run_worker(app)

    assert (report.sent, report.unavailable) == (1, None)
    assert server.subjects() == ["Encrypted"]


@pytest.mark.parametrize("secure_server", ["starttls"], indirect=True)
def test_a_refused_login_leaves_every_message_queued(app, secure_server):
    _, server = secure_server
    app.config.update(server.mail_settings(MAIL_SECURITY="starttls", MAIL_USERNAME=USERNAME, MAIL_PASSWORD="wrong"))
    queue(app, 3)

    report = run_worker(app)

    assert report.sent == 0 and "535" in report.unavailable
    assert [(row.status, row.attempts) for row in outbox(app)] == [("pending", 0)] * 3
    assert server.received == []


@pytest.mark.parametrize("secure_server", ["starttls"], indirect=True)
def test_without_starttls_a_server_that_demands_it_gets_nothing(app, secure_server):
    _, server = secure_server
    app.config.update(server.mail_settings(MAIL_SECURITY="none"))
    queue(app, 1)

    report = run_worker(app)

    assert report.sent == 0 and "530" in report.unavailable  # "Must issue a STARTTLS command first"
    assert [(row.status, row.attempts) for row in outbox(app)] == [("pending", 0)]
    assert server.received == []
