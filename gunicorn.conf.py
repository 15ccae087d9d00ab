"""gunicorn's settings for Dialogue in production: `gunicorn --config gunicorn.conf.py ... wsgi:app` (README,
"Configuration").

The access log goes to stdout, a line per request: the time, the request line, the status, the size, how long it
took and the request id that the answer carries in X-Request-ID and the application's log lines carry too. Tokens
in URLs are written as *** (dialogue.gunicorn_logging). The client's address and browser are left out: behind the
reverse proxy the address is the proxy's, and the proxy's own log has them.
"""

logger_class = "dialogue.gunicorn_logging.MaskingLogger"
accesslog = "-"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
