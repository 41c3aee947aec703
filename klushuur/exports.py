"""The rent schedule for the corporation's rent administration: CSV and XLSX."""

import csv
import io

from openpyxl import Workbook

from klushuur import selectors
from klushuur.models import Agreement

HEADER = [
    "huurovereenkomst",
    "adres",
    "postcode",
    "maand",
    "kale_huur",
    "korting",
    "te_betalen_huur",
    "eenmalige_vergoeding",
    "huurbevriezing",
]


def rows(agreement: Agreement):
    home = agreement.home
    for month in selectors.rent_schedule(agreement):
        yield [
            agreement.pk,
            str(home),
            home.postcode,
            month.month.strftime("%Y-%m"),
            month.base_rent,
            month.reduction,
            month.rent,
            month.one_off,
            "ja" if month.frozen else "nee",
        ]


def schedule_csv(agreement: Agreement) -> bytes:
    return schedules_csv([agreement])


def schedule_xlsx(agreement: Agreement) -> bytes:
    return schedules_xlsx([agreement])


def schedules_csv(agreements) -> bytes:
    """Amounts with a decimal point and semicolons between fields (what rent systems import)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    for row in (row for agreement in agreements for row in rows(agreement)):
        writer.writerow([f"{v:.2f}" if hasattr(v, "quantize") else v for v in row])
    return out.getvalue().encode("utf-8-sig")


def schedules_xlsx(agreements) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Huurschema"
    sheet.append(HEADER)
    for row in (row for agreement in agreements for row in rows(agreement)):
        sheet.append(row)
        for cell in sheet[sheet.max_row][4:8]:
            cell.number_format = "#,##0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
