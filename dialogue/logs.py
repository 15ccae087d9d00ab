"""What the application logs, and what it never does.

Every line goes to stderr (gunicorn, systemd and `make run` keep it) with its time in UTC, its level, its logger and
the request id. A request's id is sent back in its X-Request-ID header, so a person reporting a problem can quote
it and the lines of one request are found together. An id a proxy sends along is kept, so that its log and this one
share it, but only when it is short and plain: anything else could forge a log line, and is replaced.

A token in a URL opens a registration, a calendar or an account: a line that carries one hands the key to whoever
reads the log. Every URL argument whose name contains "token" is therefore written as *** in whatever the app's
logger and werkzeug's request log write (the message, its arguments and a traceback), and gunicorn's access log
does the same (dialogue.gunicorn_logging). Which parts of a path are secret comes from the url_map, so a new token
route is masked without a change here; the rest of the path stays readable: /registrations/***/cancel.

Logging is set up once per process, however many apps create_app() makes (the tests make hundreds): one handler on
the root logger, which leaves pytest's caplog and any other handler alone.
"""

import logging
import re
import secrets
import sys
import time

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from werkzeug.routing import Map

MASK = "***"
LOG_FORMAT = "%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s [%(request_id)s] %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"
NO_REQUEST = "-"
# Besides the app's own: werkzeug's development server writes a line per request ("GET /registrations/...").
MASKED_LOGGERS = ("werkzeug",)

# What a proxy may send as X-Request-ID: a uuid, nginx's $request_id, a short trace id.
_ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

# A rule's arguments: <name>, <converter:name>, <converter(arguments):name>, as werkzeug writes them.
_RULE_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
# What may be part of a path segment as a log line shows it: not a separator, a space or a quote around it.
_SEGMENT_CHARACTER = "[^/?#\\s\"'<>]"
_PATH_CHARACTER = "[^?#\\s\"'<>]"
# A path starts a value or follows a space, a quote, "=" and the like; a scheme and host may come before it. What
# follows a letter or a "/" is inside another path: /my/registrations/5 holds no token.
_PATH_START = r"(?<![\w.~%/:-])(?:[A-Za-z][A-Za-z0-9+.-]*://[^/\s\"'<>]*)?"
_SEGMENT_END = "(?=[/?#\\s\"'<>]|$)"


def secret_path_patterns(url_map: Map) -> list[re.Pattern]:
    """A pattern for each route with a token argument, matching its path up to the end of the token's segment;
    the groups secret0, secret1, ... are the tokens."""
    patterns = {}
    for rule in url_map.iter_rules():
        if any(_is_token(name) for name in rule.arguments):
            pattern = _secret_path_pattern(rule.rule)
            patterns.setdefault(pattern, re.compile(pattern))
    return list(patterns.values())


def _is_token(argument_name: str) -> bool:
    return "token" in argument_name.lower()


def _secret_path_pattern(rule: str) -> str:
    # Up to the end of the last token's segment: what follows is not needed to know that a token was there, and a
    # mistyped rest (/registrations/<token>/cancle) must not keep the token from being masked.
    last_token = [argument for argument in _RULE_ARGUMENT.finditer(rule) if _is_token(argument["name"])][-1]
    segment_end = rule.find("/", last_token.end())
    head = rule if segment_end == -1 else rule[:segment_end]
    pieces = [_PATH_START]
    position = secret_number = 0
    for argument in _RULE_ARGUMENT.finditer(head):
        pieces.append(re.escape(head[position : argument.start()]))
        position = argument.end()
        if _is_token(argument["name"]):
            pieces.append(f"(?P<secret{secret_number}>{_SEGMENT_CHARACTER}+?)")
            secret_number += 1
        elif argument["converter"] == "path":
            pieces.append(f"{_PATH_CHARACTER}+?")
        else:
            pieces.append(f"{_SEGMENT_CHARACTER}+?")
    # The text after the token in its segment (".ics") is kept, and a token without it is masked all the same.
    if tail := head[position:]:
        pieces.append(f"(?:{re.escape(tail)})?")
    pieces.append(_SEGMENT_END)
    return "".join(pieces)


# The process's patterns: logging is the process's, and every app made in it adds its routes (all the same ones,
# but a test may add a route). A tuple, replaced whole, so that a thread that logs never sees one half-changed.
_secret_paths: tuple[re.Pattern, ...] = ()


def remember_secret_paths(url_map: Map) -> None:
    global _secret_paths
    known = {pattern.pattern for pattern in _secret_paths}
    new = [pattern for pattern in secret_path_patterns(url_map) if pattern.pattern not in known]
    if new:
        _secret_paths = (*_secret_paths, *new)


def mask_tokens(text: str, patterns: tuple[re.Pattern, ...] | list[re.Pattern] | None = None) -> str:
    """`text` with *** for every token in a path of a token route (of `patterns`, or of every app made so far)."""
    if "/" not in text:
        return text
    for pattern in _secret_paths if patterns is None else patterns:
        text = pattern.sub(_masked, text)
    return text


def _masked(match: re.Match) -> str:
    kept, position = [], match.start()
    for name, value in match.groupdict().items():
        if name.startswith("secret") and value is not None:
            start, end = match.span(name)
            kept.append(match.string[position:start])
            kept.append(MASK)
            position = end
    kept.append(match.string[position : match.end()])
    return "".join(kept)


class MaskTokens(logging.Filter):
    """Masks tokens in a record's final message and traceback, which every handler after it then writes."""

    _exception_formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the message: it is written without them
            message, record.args = str(record.msg), None
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # Formatters take the traceback from exc_text once it is set.
            record.exc_text = self._exception_formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_tokens(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_tokens(record.stack_info)
        return True


def current_request_id() -> str:
    """This request's id, made the first time it is asked for and kept on `g`; "-" outside a request."""
    if not has_request_context():
        return NO_REQUEST
    if "request_id" not in g:
        offered = request.headers.get("X-Request-ID", "")
        g.request_id = offered if _ACCEPTED_REQUEST_ID.fullmatch(offered) else secrets.token_hex(16)
    return g.request_id


class AddRequestId(logging.Filter):
    """Gives every record its request's id (record.request_id), which the log format writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class StderrHandler(logging.StreamHandler):
    """Writes to sys.stderr as it is when a line is written, not as it was when logging was set up: a test's
    captured stderr, or the real one again after it."""

    def __init__(self):
        logging.Handler.__init__(self)

    @property
    def stream(self):
        return sys.stderr


def register(app: Flask) -> None:
    """Sets up logging for the process the first time, remembers this app's token routes and gives every answer
    its X-Request-ID. Called after the blueprints are registered: their routes make the url_map."""
    remember_secret_paths(app.url_map)
    _set_up_once(app)

    @app.after_request
    def send_request_id(response):
        response.headers["X-Request-ID"] = current_request_id()
        return response


def _set_up_once(app: Flask) -> None:
    root = logging.getLogger()
    if not any(isinstance(handler, StderrHandler) for handler in root.handlers):
        handler = StderrHandler()
        formatter = logging.Formatter(LOG_FORMAT, DATE_FORMAT)
        formatter.converter = time.gmtime
        handler.setFormatter(formatter)
        # On the handler, for lines of every logger it writes; on the loggers below, for caplog and other handlers.
        handler.addFilter(AddRequestId())
        handler.addFilter(MaskTokens())
        root.addHandler(handler)
    # Flask adds a handler of its own to the app's logger when none above it would write: it would write twice.
    app.logger.removeHandler(default_handler)
    if app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.INFO)
    for logger in (app.logger, *(logging.getLogger(name) for name in MASKED_LOGGERS)):
        for filter_class in (AddRequestId, MaskTokens):
            if not any(isinstance(existing, filter_class) for existing in logger.filters):
                logger.addFilter(filter_class())
