"""The export of applications for staff: a CSV that Dutch Excel reads and an Excel workbook
with real numbers and dates, with headers and values in the reader's language.

Streamed: 10,000 applications never sit in memory at once.
"""

import csv
from datetime import date, datetime
from decimal import Decimal
from tempfile import SpooledTemporaryFile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.models import Applicant

TEXT, DAY, MOMENT, MONEY, COUNT, YES_NO = "text", "day", "moment", "money", "count", "yes_no"


def _people(app):
    people = {a.role: a for a in app.applicants.all()}
    return people.get(Applicant.Role.MAIN), people.get(Applicant.Role.CO)


def _main(attribute):
    return lambda app: getattr(_people(app)[0], attribute, None)


def _co(attribute):
    return lambda app: getattr(_people(app)[1], attribute, None)


COLUMNS = [
    (_("reference"), TEXT, lambda app: app.reference),
    (_("sales round"), TEXT, lambda app: app.sales_round.name),
    (_("status"), TEXT, lambda app: app.get_status_display()),
    (_("submitted at"), MOMENT, lambda app: app.submitted_at),
    (_("applicant"), TEXT, _main("full_name")),
    (_("date of birth"), DAY, _main("date_of_birth")),
    (_("e-mail address"), TEXT, _main("email")),
    (_("phone number"), TEXT, _main("phone")),
    (_("co-applicant"), TEXT, _co("full_name")),
    (_("co-applicant's date of birth"), DAY, _co("date_of_birth")),
    (_("adults"), COUNT, lambda app: app.adults),
    (_("children"), COUNT, lambda app: app.children),
    (_("current housing"), TEXT, lambda app: app.get_current_housing_display()),
    (_("leaves a social rental home"), YES_NO, lambda app: app.leaves_social_rental),
    (_("lives or works locally"), YES_NO, lambda app: app.lives_or_works_locally),
    (_("maximum mortgage"), MONEY, lambda app: app.max_mortgage),
    (_("own funds"), MONEY, lambda app: app.own_funds),
    (_("lender or adviser"), TEXT, lambda app: app.financing_provider),
    (_("date of the statement"), DAY, lambda app: app.financing_date),
    (_("registration fee"), TEXT, lambda app: app.get_fee_status_display()),
    (
        _("homes in order of preference"),
        TEXT,
        lambda app: " > ".join(p.property.reference for p in app.preferences.all()),
    ),
]


def export_values(queryset):
    """The header row, then one row of (kind, value) per application."""
    yield [str(header) for header, _kind, _get in COLUMNS]
    for app in queryset.iterator(chunk_size=500):
        yield [(kind, get(app)) for _header, kind, get in COLUMNS]


def _safe_cell(value):
    # Spreadsheet programs run cells starting with = + - @ as formulas (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _as_text(kind, value):
    """A cell as Excel in the reader's language reads it: "253000,00", "14-11-2026 10:30"."""
    if value is None or value == "":
        return ""
    if kind == YES_NO:
        return gettext("Yes") if value else gettext("No")
    if kind == MONEY:
        return formats.number_format(Decimal(value), 2)
    if kind == DAY:
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if kind == MOMENT:
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return _safe_cell(str(value))


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset, filename):
    writer = csv.writer(_Echo(), delimiter=";")
    rows = export_values(queryset)
    header = next(rows)
    lines = (
        writer.writerow(row)
        for row in _chain([header], ([_as_text(k, v) for k, v in row] for row in rows))
    )
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), _with_bom(lines)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _in_language(language, rows):
    # The rows are written while the response streams, after the middleware has switched
    # the request's language off: each is made in the reader's language all the same.
    rows = iter(rows)
    while True:
        with translation.override(language):
            row = next(rows, None)
        if row is None:
            return
        yield row


def _chain(first, rest):
    yield from first
    yield from rest


def _with_bom(rows):
    # Excel recognises UTF-8 only with a byte order mark.
    yield "\ufeff"
    yield from rows


EXCEL_FORMATS = {DAY: "dd-mm-yyyy", MOMENT: "dd-mm-yyyy hh:mm", MONEY: "€ #,##0.00"}


def _as_cell(sheet, kind, value):
    # Why imported here: openpyxl is loaded only when someone exports to Excel.
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

    if value is None or value == "":
        return None
    if kind == YES_NO:
        return gettext("Yes") if value else gettext("No")
    if kind == MOMENT and isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    if kind == MONEY:
        value = Decimal(value)
    if kind in EXCEL_FORMATS and isinstance(value, date | Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = EXCEL_FORMATS[kind]
        return cell
    return _safe_cell(value) if isinstance(value, str) else value


def xlsx_response(queryset, filename):
    # Why imported here: openpyxl is loaded only when someone exports to Excel.
    from openpyxl import Workbook  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=gettext("Applications")[:31])
    rows = export_values(queryset)
    sheet.append(next(rows))
    for row in rows:
        sheet.append([_as_cell(sheet, kind, value) for kind, value in row])
    buffer = SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    workbook.save(buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
