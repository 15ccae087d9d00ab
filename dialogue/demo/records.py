"""The demo's texts and figures live in data/*.toml, apart from its code; this reads them into typed records.

A record is a frozen dataclass: each TOML key fills the field of that name, converted to the field's type (an enum
from its value, a tuple from an array, a nested record from a table). TOML has no null: a missing key takes the
field's default.
"""

import tomllib
from dataclasses import is_dataclass
from enum import Enum
from importlib.resources import files
from types import UnionType
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

Record = TypeVar("Record")


def read_data(name: str) -> dict[str, Any]:
    """The parsed file data/<name>.toml of the demo package."""
    return tomllib.loads(files("dialogue.demo").joinpath("data", f"{name}.toml").read_text(encoding="utf-8"))


def records(record_type: type[Record], rows: list[dict[str, Any]]) -> tuple[Record, ...]:
    return tuple(_record(record_type, row) for row in rows)


def _record(record_type: type[Record], row: dict[str, Any]) -> Record:
    types = get_type_hints(record_type)
    unknown = sorted(row.keys() - types.keys())
    if unknown:
        raise TypeError(f"{record_type.__name__} has no {', '.join(unknown)}: a misspelt key in a demo data file?")
    return record_type(**{key: _convert(value, types[key]) for key, value in row.items()})


def _convert(value: Any, wanted: Any) -> Any:
    if get_origin(wanted) is UnionType:  # `X | None`: a value that is there is an X
        wanted = next(option for option in get_args(wanted) if option is not type(None))
    if get_origin(wanted) is tuple:  # tuple[X, ...]
        return tuple(_convert(item, get_args(wanted)[0]) for item in value)
    if is_dataclass(wanted):
        return _record(wanted, value)
    if isinstance(wanted, type) and issubclass(wanted, Enum):
        return wanted(value)
    return value
