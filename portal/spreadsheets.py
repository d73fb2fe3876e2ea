"""Tables as CSV or XLSX downloads, safe to open in a spreadsheet program."""

import csv
import io

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets;
# a leading tab or carriage return hides one from a quick look and is stripped by some importers.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value):
    """Text that a spreadsheet would read as a formula is kept as text (prefixed with ')."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def table_response(rows, *, file_stem: str, format: str, sheet: str) -> HttpResponse:
    """Rows (the first one the header) as a CSV or XLSX download; `format` is "csv" or "xlsx"."""
    rows = [[spreadsheet_safe(cell) for cell in row] for row in rows]
    if format == "xlsx":
        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(title=sheet[:31])
        for row in rows:
            worksheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
        csv.writer(response).writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{file_stem}.{format}"'
    return response
