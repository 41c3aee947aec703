"""Previews of templates and the letters made from the same template system (the offer
letter, the rejection letter and the instruction to the notary)."""

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe

from applications.models import Offer
from contracts.models import Contract, DocumentTemplate, Kind
from contracts.services.generation import (
    _parse_date,
    _render_articles,
    document_data,
)
from contracts.services.templates import library_install
from klushuis import pdf


def block_html(block) -> str:
    """A rendered clause block as HTML. Safe: `contracts.clauses.fill` escaped every part."""
    if block.kind == "list":
        items = "".join(f"<li>{item}</li>" for item in block.html)
        return mark_safe(f"<ul>{items}</ul>")  # noqa: S308 - escaped by clauses.fill
    return mark_safe("".join(f"<p>{part}</p>" for part in block.html))  # noqa: S308 - idem


def _sample_offer(municipality):
    return (
        Offer.objects.filter(sales_round__municipality=municipality, status="accepted")
        .select_related("application", "property__current_figures", "sales_round__municipality")
        .order_by("-decided_at")
        .first()
    )


# Previews show how a document prints to staff who may not read buyers' data (and need not):
# the home and figures of a real sale, with this made-up buyer in place of the real one.
SAMPLE_BUYER = {
    "name": "J. Voorbeeld",
    "date_of_birth": "1990-01-01",
    "place_of_birth": "Voorbeeldstad",
    "civil_status": "ongehuwd",
    "address": "Voorbeeldstraat 1, 1234 AB Voorbeeldstad",
}
SAMPLE_REFERENCE = "VOORBEELD"


def _sample_data(offer, template) -> dict:
    """`document_data` of a real sale with the sample buyer: no buyer's name, birth data,
    civil status or address reaches a preview."""
    data = document_data(offer=offer, template=template)
    data["buyers"] = [dict(SAMPLE_BUYER)]
    data["values"]["koper"] = SAMPLE_BUYER["name"]
    return data


def sample_values(municipality) -> dict[str, str]:
    """For previews: the figures of the latest accepted offer of the municipality with the
    sample buyer, or nothing (the preview then shows each placeholder's name)."""
    offer = _sample_offer(municipality)
    if offer is None:
        return {}
    template = library_install(municipality)[Kind.PURCHASE_AGREEMENT]
    return {**_sample_data(offer, template)["values"], **_offer_values(offer)}


def _offer_values(offer) -> dict[str, str]:
    """The placeholders only letters about an offer use: the answer deadline."""
    with translation.override("nl"):
        moment = timezone.localtime(offer.answer_by())
        return {"antwoord_uiterlijk": formats.date_format(moment, "l j F Y, H:i") + " uur"}


def template_preview_pdf(template: DocumentTemplate) -> bytes:
    """The template as it would print now, with sample figures (see `sample_values`)."""
    offer = _sample_offer(template.municipality)
    if template.kind != Kind.PURCHASE_AGREEMENT:
        if offer is None:
            return pdf.render_pdf(
                render_to_string(
                    "pdf/letter.html",
                    _letter_context(template, values={}, recipient="", address="", reference=""),
                )
            )
        return letter_pdf(kind=template.kind, offer=offer, template=template, sample=True)
    data = _sample_data(offer, template) if offer else None
    values = data["values"] if data else {}
    context = {
        "doc": {
            "title": "Koopovereenkomst",
            "reference": "VOORBEELD",
            "version": 0,
            "generated_at": timezone.now(),
            "template": f"{template.name} v{template.version}",
            "draft": True,
        },
        "seller": data["seller"]
        if data
        else {
            "name": template.municipality.name,
            "address": template.seller_address,
            "signatory_name": template.signatory_name,
            "signatory_title": template.signatory_title,
        },
        "buyers": [{**b, "date_of_birth": _parse_date(b["date_of_birth"])} for b in data["buyers"]]
        if data
        else [],
        "home": data["home"]
        if data
        else {"address": "[woning_adres]", "cadastral": "", "plot_area": None, "tenure": ""},
        "summary": data["summary"] if data else [],
        "articles": _render_articles(template, values),
        "signing": data["signing"] if data else {"place": ""},
    }
    return pdf.render_pdf(render_to_string("pdf/contract.html", context))


def _letter_context(template, *, values, recipient, address, reference) -> dict:
    return {
        "letter": {
            "sender": template.municipality.name,
            "sender_address": template.seller_address,
            "date": timezone.localdate(),
            "recipient_name": recipient,
            "recipient_address": address,
            "subject": template.name,
            "reference": reference,
        },
        "blocks_by_section": [
            {"title": a["title"], "blocks": a["blocks"]} for a in _render_articles(template, values)
        ],
        "signatory": {"name": template.signatory_name, "title": template.signatory_title},
    }


def letter_pdf(*, kind: str, offer=None, application=None, template=None, sample=False) -> bytes:
    """A letter from the same template system: the offer letter and the notary instruction
    (for an offer), or the rejection letter (for an application). A `sample` (a preview) has
    the offer's home and figures with the sample buyer."""
    application = application or offer.application
    municipality = application.sales_round.municipality
    template = template or library_install(municipality)[kind]
    if offer is not None:
        purchase = library_install(municipality)[Kind.PURCHASE_AGREEMENT]
        if sample:
            data = _sample_data(offer, purchase)
        else:
            contract = Contract.objects.filter(offer=offer).first()
            data = document_data(offer=offer, template=purchase, contract=contract)
        values = {**data["values"], **_offer_values(offer)}
        address = data["buyers"][0]["address"] if data["buyers"] else ""
    else:
        values = {
            "verkoper": municipality.name,
            "koper": " en ".join(a.full_name for a in application.applicants.all()),
        }
        address = ""
    if kind == Kind.NOTARY_INSTRUCTION:
        recipient = values.get("notaris") or template.notary
    else:
        recipient = values.get("koper", "")
    context = _letter_context(
        template,
        values=values,
        recipient=recipient,
        address="" if kind == Kind.NOTARY_INSTRUCTION else address,
        reference=SAMPLE_REFERENCE if sample else application.reference,
    )
    return pdf.render_pdf(render_to_string("pdf/letter.html", context))
