"""Files people download: one response helper for every download, and CSV that a spreadsheet opens safely.

CSV is UTF-8 with a byte order mark and semicolons between the cells, which is what a spreadsheet set to Swedish
opens right by double-clicking (å, ä and ö included; a comma is the decimal sign there). Formula characters are
defused wherever a spreadsheet could start a cell — at the start of a text and after any separator a reader's
spreadsheet may split on — so that no cell runs as a formula (CSV injection), in CSV and in XLSX alike.
"""

import csv
import io
import re

from flask import Response, send_file
from werkzeug.utils import secure_filename

BYTE_ORDER_MARK = "\ufeff"
CSV_DELIMITER = ";"
# A spreadsheet treats a cell starting with one of these as a formula (the fullwidth forms too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A formula character after a separator that a spreadsheet may split a text on (semicolon, comma, tab, line
# break, and their fullwidth forms), blanks between them allowed: it would start a cell of its own.
_FORMULA_AFTER_SEPARATOR = re.compile(r"([;,\t\r\n\uff1b\uff0c][ \t]*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])")
CSV_TYPE = "text/csv"  # text types are sent with "; charset=utf-8"


def spreadsheet_safe(value) -> str | int | float:
    """A cell's value that no spreadsheet runs: numbers stay numbers; an apostrophe goes before a formula
    character wherever a cell could begin in the text."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", str(value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(header: list[str], rows) -> str:
    """A CSV file's text: the header, then each row with every cell made safe for a spreadsheet."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=CSV_DELIMITER)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return BYTE_ORDER_MARK + output.getvalue()


def download(body: bytes | str, filename: str, content_type: str, *, private: bool = True) -> Response:
    """An attachment named `filename`; private ones (personal data, staff reports) are never cached."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    name = secure_filename(filename) or "download"
    response = send_file(io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=name, etag=False)
    # Quoted, as every browser and spreadsheet reads it; secure_filename leaves nothing that needs escaping.
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    return response
