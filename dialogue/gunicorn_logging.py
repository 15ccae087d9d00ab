"""gunicorn's logger for Dialogue (gunicorn.conf.py names it): its access log writes *** for every token in a URL,
as the application's own log does (dialogue.logs).

gunicorn builds an access line from atoms: the request line (r), the path (U), the referring page (f), any
request or response header ({name}i, {name}o) and the WSGI environment ({name}e); a URL can be in any of them,
the Referer of a stylesheet loaded by a manage page included. Every atom is masked before the line is made, so a
changed access_log_format cannot bring a token back. Its error log ("Error handling request /registrations/...")
is masked too. The token routes are known once the worker has loaded the app, before its first request.
"""

from gunicorn import glogging

from dialogue.logs import MaskTokens, mask_tokens


class MaskingLogger(glogging.Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: mask_tokens(value) if isinstance(value, str) else value for name, value in atoms.items()}

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(existing, MaskTokens) for existing in log.filters):
                log.addFilter(MaskTokens())
