"""The klushuur addendum as a PDF: rendered from its recorded data through the portal's
template and PDF system (`klushuis.documents`, `klushuis.pdf`)."""

from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from klushuis import pdf
from klushuis.documents import document_render, documents_render_pending
from klushuur.models import Addendum


def addendum_html(addendum: Addendum) -> str:
    data = addendum.data
    jobs = [
        {
            **job,
            "due_on": date.fromisoformat(job["due_on"]),
            "compensation_amount": Decimal(job["compensation_amount"]),
        }
        for job in data["jobs"]
    ]
    with translation.override("nl"):
        return render_to_string(
            "pdf/klushuur_addendum.html",
            {
                "addendum": addendum,
                "data": data,
                "jobs": jobs,
                "base_rent": Decimal(data["base_rent"]),
                "starts_on": date.fromisoformat(data["starts_on"]),
            },
        )


def addendum_render(pk: int):
    return document_render(
        Addendum,
        pk,
        make_pdf=lambda addendum: pdf.render_pdf(addendum_html(addendum)),
        filename=lambda addendum: (
            f"klushuur-addendum-{addendum.agreement_id}-v{addendum.number}.pdf"
        ),
        related=("agreement",),
    )


def addenda_render_pending() -> int:
    # The task module imports this one; importing it at the top would be a cycle.
    from klushuur import tasks  # noqa: PLC0415

    return documents_render_pending(Addendum, lambda pk: tasks.render_addendum.delay(pk))
