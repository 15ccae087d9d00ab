"""Files people download: one response helper for every download, and CSV that a spreadsheet opens safely.

CSV is UTF-8 with a byte order mark, so that Excel reads å, ä and ö right, and formula characters are defused
so that no cell runs as a formula (CSV injection).
"""

import csv
import io

from flask import Response, send_file
from werkzeug.utils import secure_filename

BYTE_ORDER_MARK = "\ufeff"
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv"  # text types are sent with "; charset=utf-8"


def spreadsheet_safe(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(header: list[str], rows) -> str:
    """A CSV file's text: the header, then each row with every cell made safe for a spreadsheet."""
    output = io.StringIO()
    writer = csv.writer(output)
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
