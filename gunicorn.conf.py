"""gunicorn's settings for Dialogue in production: `gunicorn --config gunicorn.conf.py ... wsgi:app` (README,
"Configuration").

The access log goes to stdout, a line per request: the time, the request line, the status, the size, how long it
took and the request id that the answer carries in X-Request-ID and the application's log lines carry too. Tokens
in URLs are written as *** (dialogue.gunicorn_logging). The client's address and browser are left out: behind the
reverse proxy the address is the proxy's, and the proxy's own log has them.
"""

import gc

logger_class = "dialogue.gunicorn_logging.MaskingLogger"
accesslog = "-"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'


def post_worker_init(worker):
    """Once a worker has loaded Dialogue, the objects it made (the models, the routes, the translations, Babel's
    locale data) stay for the worker's life: frozen, Python's collector no longer walks them, which it otherwise does
    in full every few dozen requests, a pause of a hundred milliseconds and more in the middle of an answer."""
    gc.collect()
    gc.freeze()
