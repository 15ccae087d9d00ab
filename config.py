"""Configuration classes, chosen by DIALOGUE_ENV (development, testing, production)."""

import os
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _env_number(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise RuntimeError(f"Dialogue cannot start: {name} must be a whole number, not {value!r}.") from None


def _env_date(name: str, default: str) -> date:
    value = os.environ.get(name) or default
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RuntimeError(f"Dialogue cannot start: {name} must be a date written YYYY-MM-DD, not {value!r}.") from None


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'dialogue.sqlite'}")
    # A failing statement's parameters (a password hash, a name, an email address) never reach an error message
    # or a log: SQLAlchemy shows where they were, not what they were.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}

    # The interface languages, each named in itself for the switcher; each has a catalog in
    # dialogue/translations/<code>/LC_MESSAGES/messages.po (README, "Translations": adding a language).
    LANGUAGES = {"sv": "Svenska", "en": "English", "ar": "العربية", "fi": "Suomi"}
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # A login ends after this long without a request, and after this long in all; staff accounts open more, so
    # theirs end sooner.
    SESSION_IDLE_MINUTES = _env_number("SESSION_IDLE_MINUTES", 120)
    SESSION_IDLE_MINUTES_STAFF = _env_number("SESSION_IDLE_MINUTES_STAFF", 30)
    SESSION_LIFETIME_HOURS = _env_number("SESSION_LIFETIME_HOURS", 14 * 24)
    SESSION_LIFETIME_HOURS_STAFF = _env_number("SESSION_LIFETIME_HOURS_STAFF", 12)
    # After this many wrong passwords in a row for one email address its logins are refused for a while: first
    # LOGIN_BLOCK_SECONDS, twice as long after each further failure, at most LOGIN_BLOCK_MAX_MINUTES.
    LOGIN_FAILURES_ALLOWED = _env_number("LOGIN_FAILURES_ALLOWED", 10)
    LOGIN_BLOCK_SECONDS = _env_number("LOGIN_BLOCK_SECONDS", 60)
    LOGIN_BLOCK_MAX_MINUTES = _env_number("LOGIN_BLOCK_MAX_MINUTES", 60)
    # How long a link to choose a new password works; it works once.
    PASSWORD_RESET_MINUTES = _env_number("PASSWORD_RESET_MINUTES", 60)
    # How often one client address may send a form (Flask-Limiter's notation; see dialogue/limits.py): logging
    # in, and the forms that send an email to an address anyone can type.
    RATE_LIMIT_LOGIN = os.environ.get("RATE_LIMIT_LOGIN", "20 per minute; 100 per hour")
    RATE_LIMIT_ACCOUNT_EMAIL = os.environ.get("RATE_LIMIT_ACCOUNT_EMAIL", "5 per 10 minutes; 20 per day")
    RATE_LIMIT_NEW_PASSWORD = os.environ.get("RATE_LIMIT_NEW_PASSWORD", "10 per 10 minutes")
    # The public forms anyone can send without an account, and the searches and feeds a script could walk.
    RATE_LIMIT_REGISTRATION = os.environ.get("RATE_LIMIT_REGISTRATION", "10 per 10 minutes; 40 per day")
    RATE_LIMIT_CONTRIBUTION = os.environ.get("RATE_LIMIT_CONTRIBUTION", "5 per 10 minutes; 30 per day")
    RATE_LIMIT_SUPPORT = os.environ.get("RATE_LIMIT_SUPPORT", "30 per 10 minutes; 200 per day")
    RATE_LIMIT_REPORT = os.environ.get("RATE_LIMIT_REPORT", "5 per 10 minutes; 20 per day")
    RATE_LIMIT_SEARCH = os.environ.get("RATE_LIMIT_SEARCH", "120 per minute")
    RATE_LIMIT_FEEDS = os.environ.get("RATE_LIMIT_FEEDS", "60 per minute")
    # Where the counts are kept: this process's memory, or a shared store such as redis://localhost:6379/0.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "dialogue")  # apps sharing a Redis count apart
    RATELIMIT_STRATEGY = "moving-window"
    # No X-RateLimit-* headers on answers within the limits: each would cost a round trip to the store. A refusal
    # says when to try again in its Retry-After header (dialogue/errors.py).
    RATELIMIT_HEADERS_ENABLED = False
    # Public pages as a visitor who is not logged in sees them, and four staff pages for their one reader, are kept
    # for at most this many seconds in each worker's memory, at most PAGE_CACHE_PAGES of them, and never served
    # after a write to the database (dialogue/page_cache.py; PostgreSQL only). 0 turns it off.
    PAGE_CACHE_SECONDS = _env_number("PAGE_CACHE_SECONDS", 60)
    PAGE_CACHE_PAGES = _env_number("PAGE_CACHE_PAGES", 300)
    # How many reverse proxies stand in front of the app: the client address is the one the outermost of them
    # saw (X-Forwarded-For), never what the client itself claims. 0: the app faces the internet directly.
    TRUSTED_PROXY_COUNT = _env_number("TRUSTED_PROXY_COUNT", 0)
    # Whom a refused person can call instead, on the page that says "too many attempts".
    CONTACT_PHONE = os.environ.get("CONTACT_PHONE", "040-34 10 00")
    # How long the emailed link that finishes a sign-up works; it works once, and a new sign-up replaces it.
    SIGNUP_CONFIRM_HOURS = _env_number("SIGNUP_CONFIRM_HOURS", 48)
    # Registrations made on the site, against scripts: without an account a party is at most GUEST_PARTY_MAX
    # people (with one, the full 10), and one client address has at most REGISTRATIONS_PER_ADDRESS_PER_EVENT
    # registrations for an event that are not cancelled. Larger groups and further parties call CONTACT_PHONE;
    # registrations taken by staff know no such limit.
    GUEST_PARTY_MAX = _env_number("GUEST_PARTY_MAX", 4)
    REGISTRATIONS_PER_ADDRESS_PER_EVENT = _env_number("REGISTRATIONS_PER_ADDRESS_PER_EVENT", 3)
    # The city that runs Dialogue and answers for its personal data, named on the privacy page (/privacy).
    CITY_NAME = os.environ.get("CITY_NAME", "Malmö stad")
    CITY_ADDRESS = os.environ.get("CITY_ADDRESS", "August Palms plats 1, 205 80 Malmö")
    PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "malmo.stad@malmo.se")
    DPO_EMAIL = os.environ.get("DPO_EMAIL", "dataskyddsombud@malmo.se")
    # The accessibility statement (/accessibility), which the Swedish law on accessible public websites (DOS-lagen)
    # asks for: where to report a problem or ask for content in another form, and the day the site was last reviewed
    # against WCAG 2.1 AA (YYYY-MM-DD; change it at each review).
    ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "malmo.stad@malmo.se")
    ACCESSIBILITY_REVIEWED_ON = _env_date("ACCESSIBILITY_REVIEWED_ON", "2026-11-30")
    # How long personal data is kept, in days: `flask privacy purge` removes it and the privacy page states it, both
    # from these settings. What the reports count (parties, check-ins, statuses, dates) is never removed.
    # Registrations: names, addresses, children's names and ages, access needs and the manage link, after the event.
    RETAIN_REGISTRATION_DAYS = _env_number("RETAIN_REGISTRATION_DAYS", 30)
    # The free-text note about access needs is only for the day itself.
    RETAIN_ACCESS_NOTE_DAYS = _env_number("RETAIN_ACCESS_NOTE_DAYS", 1)
    # The recipient, text and attachments of an email, after it was sent or given up on.
    RETAIN_EMAIL_DAYS = _env_number("RETAIN_EMAIL_DAYS", 30)
    # The follow-up address given with a proposal, after its last answer; a proposal never answered (or merged into
    # another) keeps it RETAIN_UNANSWERED_CONTACT_DAYS after it was written. The proposal's text stays, public.
    RETAIN_CONTRIBUTION_CONTACT_DAYS = _env_number("RETAIN_CONTRIBUTION_CONTACT_DAYS", 90)
    RETAIN_UNANSWERED_CONTACT_DAYS = _env_number("RETAIN_UNANSWERED_CONTACT_DAYS", 365)
    # An account nobody logged in to for this long is warned by email, and deleted this much later if still unused.
    RETAIN_UNUSED_ACCOUNT_DAYS = _env_number("RETAIN_UNUSED_ACCOUNT_DAYS", 730)
    UNUSED_ACCOUNT_WARNING_DAYS = _env_number("UNUSED_ACCOUNT_WARNING_DAYS", 30)
    RETAIN_AUDIT_LOG_DAYS = _env_number("RETAIN_AUDIT_LOG_DAYS", 730)
    # How many rows one transaction of the purge changes: an interrupted purge loses at most one batch's work.
    PURGE_BATCH_SIZE = _env_number("PURGE_BATCH_SIZE", 200)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a form left open over lunch still submits; the token is bound to the session
    # How new passwords are hashed (werkzeug's method string). A stored hash names its own method, so hashes
    # made with another method keep working when this changes.
    PASSWORD_HASH_METHOD = "scrypt"

    EVENTS_PER_PAGE = 20
    # Events are planned at most this many years ahead (and never before 2000): a year typed as 9999 is a mistake.
    EVENT_YEARS_AHEAD = _env_number("EVENT_YEARS_AHEAD", 5)
    # Where people reach the app: every absolute link in emails, calendar feeds, QR codes and exports starts with
    # it, whatever Host header a request named.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    TRUST_ONLY_PUBLIC_HOST = False  # production refuses requests for other hosts (see ProductionConfig)
    HSTS_SECONDS = 0
    # A request body at most this large: the log-input form carries several photos of at most 5 MB each.
    MAX_CONTENT_LENGTH = 60 * 1024 * 1024
    GENERATE_SECRET_KEY = False
    REQUIRED_SETTINGS: tuple[str, ...] = ()

    # Email: the web app writes messages to the outbox; `flask outbox send` delivers them (README, "Email").
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")  # "smtp", or "console" to print instead of sending
    MAIL_HOST = os.environ.get("MAIL_HOST", "localhost")
    MAIL_PORT = _env_number("MAIL_PORT", 0)  # 0: the usual port for MAIL_SECURITY (25, 587 or 465)
    MAIL_SECURITY = os.environ.get("MAIL_SECURITY", "none")  # "none", "starttls" or "tls"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Dialogue <noreply@localhost>")
    MAIL_MAX_ATTEMPTS = _env_number("MAIL_MAX_ATTEMPTS", 8)
    # After the n-th failed try the next comes base × 2^(n-1) seconds later (1, 2, 4, ... minutes), at most a day.
    MAIL_RETRY_BASE_SECONDS = _env_number("MAIL_RETRY_BASE_SECONDS", 60)
    MAIL_TIMEOUT_SECONDS = _env_number("MAIL_TIMEOUT_SECONDS", 20)


class DevelopmentConfig(Config):
    DEBUG = True
    # A key is created once in instance/ so that sessions survive restarts of `make run`.
    GENERATE_SECRET_KEY = True
    # `make run` prints email in its terminal: no mail server is needed to try the app.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-only-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DIALOGUE_TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    PUBLIC_URL = "http://localhost"  # the test client's address, so that links in emails open in it
    # scrypt is slow by design and the tests log in thousands of times; one round of PBKDF2 is enough there.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    # The suite logs in and sends forms thousands of times from one address; the tests of the limits set their own.
    RATE_LIMIT_LOGIN = RATE_LIMIT_ACCOUNT_EMAIL = RATE_LIMIT_NEW_PASSWORD = "10000 per minute"
    RATE_LIMIT_REGISTRATION = RATE_LIMIT_CONTRIBUTION = RATE_LIMIT_SUPPORT = RATE_LIMIT_REPORT = "10000 per minute"
    RATE_LIMIT_SEARCH = RATE_LIMIT_FEEDS = "10000 per minute"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    PUBLIC_URL = os.environ.get("PUBLIC_URL")  # no guess: every link in an email, feed or QR code starts with it
    REQUIRED_SETTINGS = ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "PUBLIC_URL", "RATELIMIT_STORAGE_URI")
    # Where the rate limits count: a Redis every worker and server shares (redis://...), or memory:// chosen on
    # purpose for a single process. No default, so that several workers never count apart by accident.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI")
    # A request naming another host than PUBLIC_URL's (or one of TRUSTED_HOSTS, comma-separated) is refused with a
    # 400, so that no redirect or page follows a forged Host header.
    TRUSTED_HOSTS = [host.strip() for host in os.environ.get("TRUSTED_HOSTS", "").split(",") if host.strip()] or None
    TRUST_ONLY_PUBLIC_HOST = True
    # Browsers keep to HTTPS for this long once they have seen the site (Strict-Transport-Security); 0: no header.
    HSTS_SECONDS = _env_number("HSTS_SECONDS", 365 * 24 * 3600)
    # No made-up sender in production: `flask outbox send` refuses to run until MAIL_FROM is set.
    MAIL_FROM = os.environ.get("MAIL_FROM")


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}
