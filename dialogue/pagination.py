"""Pages of a list: the page number a request asks for, and a page of rows counted by a separate query."""

from dataclasses import dataclass
from math import ceil

from flask import abort, request
from sqlalchemy import Select

from dialogue.extensions import db

# Far beyond any real list; a larger number would overflow the database's OFFSET and give a 500.
MAX_PAGE_NUMBER = 100_000


def requested_page() -> int:
    """The ?page= number of a list: a missing or malformed one is page 1, an impossible one a 404."""
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        return 1
    if not 1 <= page <= MAX_PAGE_NUMBER:
        abort(404)
    return page


def paginate(query: Select, per_page: int):
    """The requested page of `query`'s rows, `per_page` at a time (a page past the last one is a 404)."""
    return db.paginate(query, page=requested_page(), per_page=per_page, max_per_page=per_page)


def args_without_page() -> dict[str, str]:
    """The request's filters without the page number, for the links to other pages of the same list."""
    return {key: value for key, value in request.args.items() if key != "page" and value}


@dataclass(frozen=True)
class Page:
    """One page of a list, with what the pagination macro reads (like Flask-SQLAlchemy's Pagination)."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None
