"""Previews of templates and the letters made from the same template system (the offer
letter, the rejection letter and the instruction to the notary), and their archive.

A letter has legal effect: what the recipient received must stay provable. So a letter is
issued once (`letter_issue`): its data and clause versions are recorded in a `Letter`, rendered
by a task after commit and stored with its SHA-256 (like a contract version; the sweep
`letters_render_pending` catches what a dead worker left). Downloads serve the stored PDF.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from applications.models import Application, Offer
from applications.rules import INELIGIBLE, NOT_SELECTED
from contracts import tasks
from contracts.models import Contract, DocumentTemplate, Kind, Letter
from contracts.services.generation import (
    _articles,
    _clause_versions,
    _parse_date,
    _render_articles,
    document_data,
)
from contracts.services.templates import library_install
from klushuis import outbox, pdf
from klushuis.documents import RENDER_GRACE, document_render, documents_render_pending


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
    return _letter_context_from(
        _letter_head(template, recipient=recipient, address=address, reference=reference),
        _render_articles(template, values),
    )


def _letter_head(template, *, recipient, address, reference, day=None) -> dict:
    return {
        "sender": template.municipality.name,
        "sender_address": template.seller_address,
        "date": day or timezone.localdate(),
        "recipient_name": recipient,
        "recipient_address": address,
        "subject": template.name,
        "reference": reference,
        "signatory": {"name": template.signatory_name, "title": template.signatory_title},
    }


def _letter_context_from(head: dict, articles) -> dict:
    letter = {k: v for k, v in head.items() if k != "signatory"}
    return {
        "letter": letter,
        "blocks_by_section": [{"title": a["title"], "blocks": a["blocks"]} for a in articles],
        "signatory": head["signatory"],
    }


def _letter_data(*, kind, offer=None, application=None, template=None, sample=False):
    """The template, its values and the letter's head (sender, recipient, reference)."""
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
    head = _letter_head(
        template,
        recipient=recipient,
        address="" if kind == Kind.NOTARY_INSTRUCTION else address,
        reference=SAMPLE_REFERENCE if sample else application.reference,
    )
    return template, values, head


def letter_pdf(*, kind: str, offer=None, application=None, template=None, sample=False) -> bytes:
    """A letter rendered now, for a preview (a `sample` has the offer's home and figures with
    the sample buyer). What is sent to someone is `letter_issue`'s stored letter."""
    template, values, head = _letter_data(
        kind=kind, offer=offer, application=application, template=template, sample=sample
    )
    context = _letter_context_from(head, _render_articles(template, values))
    return pdf.render_pdf(render_to_string("pdf/letter.html", context))


# --- The archive ---------------------------------------------------------------------------------


def letter_issue(*, kind: str, related, offer=None, application=None) -> Letter:
    """The letter of this kind about `related` (an offer, an application, a contract), as it
    was issued: recorded the first time with its data and clause versions and rendered after
    commit; every later call returns the same letter. A later change of the template or the
    figures does not change a letter once issued."""
    related_type = ContentType.objects.get_for_model(related)
    with transaction.atomic():
        existing = (
            Letter.objects.select_for_update()
            .filter(kind=kind, related_type=related_type, related_id=related.pk)
            .order_by("pk")
            .first()
        )
        if existing is not None:
            return existing
        template, values, head = _letter_data(kind=kind, offer=offer, application=application)
        used = _clause_versions(template)
        letter = Letter.objects.create(
            kind=kind,
            recipient=head["recipient_name"],
            application=application or offer.application,
            related_type=related_type,
            related_id=related.pk,
            data={
                "values": values,
                "head": {**head, "date": head["date"].isoformat()},
                "clause_order": [v.pk for v in used],
            },
            template=template,
            template_version=template.version,
        )
        letter.clause_versions.set(used)
        _queue_letter(letter.pk)
    return letter


def letter_issue_with(
    *,
    kind: str,
    related,
    municipality,
    values: dict,
    recipient: str,
    address: str,
    reference: str,
    day=None,
    application=None,
    needs_signatory: bool = False,
) -> Letter:
    """A letter of `kind` about `related` from the municipality's template, filled in with
    `values` that the caller worked out (an app above contracts, e.g. aftercare's decisions
    and notices of default): recorded once like `letter_issue`, rendered after commit; every
    later call returns the same letter. The values are data: escaped when rendered.
    `needs_signatory`: refuse a template without its signatory (a letter that names who
    signs it, such as the release statement)."""
    related_type = ContentType.objects.get_for_model(related)
    with transaction.atomic():
        existing = (
            Letter.objects.select_for_update()
            .filter(kind=kind, related_type=related_type, related_id=related.pk)
            .order_by("pk")
            .first()
        )
        if existing is not None:
            return existing
        template = library_install(municipality)[kind]
        if needs_signatory and not template.signatory_name.strip():
            raise ValidationError(
                _("Fill in the signatory of the template %(name)s first.")
                % {"name": template.name},
                code="signatory",
            )
        head = _letter_head(
            template, recipient=recipient, address=address, reference=reference, day=day
        )
        used = _clause_versions(template)
        letter = Letter.objects.create(
            kind=kind,
            recipient=recipient,
            application=application,
            related_type=related_type,
            related_id=related.pk,
            data={
                "values": values,
                "head": {**head, "date": head["date"].isoformat()},
                "clause_order": [v.pk for v in used],
            },
            template=template,
            template_version=template.version,
        )
        letter.clause_versions.set(used)
        _queue_letter(letter.pk)
    return letter


def letter_issue_for_contract(
    *, kind: str, contract: Contract, related, values: dict, reference: str, day=None
) -> Letter:
    """A letter about a transferred contract (aftercare's release statement), issued once per
    kind and `related` (`letter_issue_with`): made from the values of the version the buyer
    signed with `values` on top. Refuses a template without its signatory: such a letter
    names who signs it."""
    data = (contract.sent_version.data if contract.sent_version_id else None) or {}
    merged = {**(data.get("values") or {}), **values}
    buyers = data.get("buyers") or []
    return letter_issue_with(
        kind=kind,
        related=related,
        municipality=contract.municipality,
        values=merged,
        recipient=merged.get("koper", ""),
        address=buyers[0].get("address", "") if buyers else "",
        reference=reference,
        day=day,
        application=contract.application,
        needs_signatory=True,
    )


def _queue_letter(letter_id):
    outbox.send(tasks.render_letter, letter_id)


# --- Issued when sent: the letters of the selection ------------------------------------------
# Applications announces (`applications.extensions`) what it did; the letter that goes with it
# is issued then, not when the buyer first opens it: a letter nobody downloaded was still sent.

# Rejection letters are issued by a task after the selection commits, this many to a task: a
# selection turns thousands down at once, and their letters must not hold its transaction.
REJECTION_BATCH = 500


def letter_issue_for_offer(*, offer) -> Letter:
    """The offer letter, issued in the transaction that makes the offer (`OFFER_MADE`)."""
    return letter_issue(kind=Kind.OFFER_LETTER, related=offer, offer=offer)


def letters_issue_for_rejections(*, application_ids: list[int]) -> None:
    """The rejection letters of applications just turned down (`APPLICATIONS_REJECTED`),
    issued by tasks once the move is committed (a rolled-back move issues nothing)."""
    ids = sorted(application_ids)
    for start in range(0, len(ids), REJECTION_BATCH):
        batch = ids[start : start + REJECTION_BATCH]
        outbox.send(tasks.issue_rejection_letters, batch)


def rejection_letters_issue(application_ids: list[int]) -> int:
    """Issue the rejection letter of each application that is (still) turned down; idempotent
    (`letter_issue` returns a letter already issued). Returns how many applications it saw."""
    applications = Application.objects.filter(
        pk__in=application_ids, status__in=[NOT_SELECTED, INELIGIBLE]
    ).select_related("sales_round__municipality")
    count = 0
    for application in applications:
        letter_issue(kind=Kind.REJECTION_LETTER, related=application, application=application)
        count += 1
    return count


def letter_context(letter: Letter) -> dict:
    """The template context of an archived letter, from its recorded data and clauses."""
    data = letter.data
    by_pk = {v.pk: v for v in letter.clause_versions.all()}
    articles = _articles([by_pk[pk] for pk in data["clause_order"]], data["values"])
    head = {**data["head"], "date": _parse_date(data["head"]["date"])}
    return _letter_context_from(head, articles)


def letter_render(letter_id: int) -> Letter | None:
    """Render a pending letter and store it with its SHA-256 (see `klushuis.documents`)."""
    return document_render(
        Letter,
        letter_id,
        related=["template"],
        make_pdf=lambda letter: pdf.render_pdf(
            render_to_string("pdf/letter.html", letter_context(letter))
        ),
        filename=lambda letter: f"{letter.data['head']['reference']}-{letter.kind}.pdf",
    )


def letters_render_pending(*, now=None) -> int:
    """The sweep for letters, as `contracts_render_pending` is for contract versions."""
    return documents_render_pending(Letter, tasks.render_letter.delay, now=now, grace=RENDER_GRACE)


def letter_stored(letter: Letter) -> Letter:
    """The letter with its PDF stored: rendered here when the task has not run yet (the
    rendering is idempotent and locked, so a task running at the same time does no harm)."""
    if letter.rendering == Letter.Rendering.PENDING:
        letter_render(letter.pk)
        letter.refresh_from_db()
    return letter
