"""URL converters."""

from werkzeug.routing import IntegerConverter

MAX_DATABASE_ID = 2**31 - 1  # PostgreSQL's integer; a larger number in a URL cannot name a row


class DatabaseIdConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_DATABASE_ID)
        super().__init__(url_map, *args, **kwargs)
