"""URL converters: a part of a URL that cannot name anything is a 404 before any query is made."""

from werkzeug.routing import IntegerConverter, UnicodeConverter

from dialogue.database import MAX_DATABASE_ID
from dialogue.text import ALL_CONTROL_CHARACTER_RANGES


class DatabaseIdConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_DATABASE_ID)
        super().__init__(url_map, *args, **kwargs)


class TextConverter(UnicodeConverter):
    """A slug, a token or a name in a URL: never a control character. PostgreSQL refuses NUL in a query, and no
    slug or token holds one, so such a URL is a 404 and never reaches the database."""

    def __init__(self, url_map, minlength=1, maxlength=None, length=None):
        super().__init__(url_map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", f"[^/{ALL_CONTROL_CHARACTER_RANGES}]", 1)
