"""The dashboard's tables as one workbook, a sheet per table (openpyxl)."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)  # labels may be lazy translations


def workbook(tables) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.key)
        sheet.append([str(table.title)])
        sheet["A1"].font = Font(bold=True)
        sheet.append([str(label) for label, _numeric in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(cell) for cell in row])
        sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
