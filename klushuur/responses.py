"""Files served to staff (admin) and to the tenant (their pages): private, never cached."""

from django.http import FileResponse, Http404, HttpResponse

from klushuur import exports
from klushuur.models import Addendum, Agreement


def pdf_response(addendum: Addendum):
    response = FileResponse(
        addendum.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"klushuur-addendum-v{addendum.number}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def photo_response(photo):
    response = FileResponse(photo.image.open("rb"))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def schedule_response(agreement: Agreement, fmt: str):
    if fmt == "csv":
        body, kind = exports.schedule_csv(agreement), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = exports.schedule_xlsx(agreement)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="huurschema-{agreement.pk}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def schedules_response(agreements, fmt: str):
    """The rent schedules of several agreements in one file, for the rent administration."""
    agreements = list(agreements.select_related("home").prefetch_related("jobs__job"))
    if fmt == "csv":
        body, kind = exports.schedules_csv(agreements), "text/csv; charset=utf-8"
    else:
        body = exports.schedules_xlsx(agreements)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="huurschemas.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
