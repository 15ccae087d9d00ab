"""Record the SQL statements an engine sends, to prove a page's query count does not grow with its rows."""
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def recorded_statements(engine: Engine):
    """Yields a list that fills with every statement `engine` executes inside the block."""
    statements: list[str] = []

    def record(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
