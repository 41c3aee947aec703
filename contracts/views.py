"""The buyer's side of the sale: answer an offer (accept, with the data for the deed, or
decline), withdraw after accepting, download the agreement, read the cooling-off period and
dissolve within it; and the letters about their application."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications import rules as application_rules
from applications import selectors as application_selectors
from applications.forms import WithdrawForm
from applications.offers import selectors as offer_selectors
from applications.offers import services as offer_services
from applications.offers.forms import AcceptForm, DeclineForm, DeedPartyForm
from contracts import selectors, services
from contracts.forms import DissolveForm
from contracts.models import Kind
from klushuis.privacy.accesslog import DOWNLOAD, access_record


@require_http_methods(["GET", "POST"])
def offer(request, reference, pk):
    """The buyer's offer: accept it (the sale: `sale_accept`) or decline it (the selection's
    own service). URL name `contracts:offer`; the path stays under the application."""
    offer = offer_selectors.offer_get_for_user(reference=reference, pk=pk, user=request.user)
    request.branding = offer.sales_round.municipality
    applicants = list(offer.application.applicants.all())
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if data else None
    parties = [DeedPartyForm(data if action == "accept" else None, applicant=a) for a in applicants]
    accept = AcceptForm(data if action == "accept" else None, prefix="accept")
    decline = DeclineForm(data if action == "decline" else None, prefix="decline")
    status = 200
    if action == "accept":
        # Every form is checked (no short cut), so all refusals show at once.
        if all([accept.is_valid()] + [form.is_valid() for form in parties]):
            try:
                services.sale_accept(
                    offer=offer, actor=request.user, parties=[f.party() for f in parties]
                )
            except ValidationError as error:
                accept.add_error(None, error)
                status = 409
            else:
                messages.success(
                    request,
                    _("You have accepted the home. The purchase agreement follows."),
                )
                return redirect("applications:detail", reference=reference)
    elif action == "decline" and decline.is_valid():
        try:
            offer_services.offer_decline(offer=offer, actor=request.user)
        except ValidationError as error:
            decline.add_error(None, error)
            status = 409
        else:
            messages.success(request, _("You have declined the home."))
            return redirect("applications:detail", reference=reference)
    offer.refresh_from_db()
    return render(
        request,
        "contracts/offer_detail.html",
        {
            "offer": offer,
            "application": offer.application,
            "sales_round": offer.sales_round,
            "parties": parties,
            "accept_form": accept,
            "decline_form": decline,
            "deed_parties": list(offer.deed_parties.select_related("applicant")),
            # One summary at the top for every refused field, each linked to its field.
            "any_errors": bool(
                accept.errors or decline.errors or any(form.errors for form in parties)
            ),
            "forms_confirm": [accept, decline],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def withdraw(request, reference):
    """The buyer withdraws after accepting a home, before the agreement was sent: the sale
    ends (`sale_withdraw`). Other applications are withdrawn on `applications:withdraw`."""
    application = application_selectors.application_get_for_user(
        reference=reference, user=request.user
    )
    request.branding = application.sales_round.municipality
    if application.status != application_rules.ACCEPTED:
        return redirect("applications:withdraw", reference=reference)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sale_withdraw(application=application, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your application has been withdrawn."))
            return redirect("applications:detail", reference=reference)
    return render(
        request,
        "contracts/withdraw.html",
        {"application": application, "form": form},
    )


@require_GET
def contract_pdf(request, reference, number):
    contract = selectors.contract_get_for_user(reference=reference, user=request.user)
    version = get_object_or_404(contract.versions, number=number, rendering="done")
    if contract.application.user_id == request.user.pk:
        # The buyer gets only the version sent to them for signing, never a draft (404 too
        # while it is still being rendered: their page says so and they are mailed when ready).
        sent = selectors.contract_sent_version(contract)
        if sent is None or sent.pk != version.pk:
            raise Http404
    access_record(
        request,
        action=DOWNLOAD,
        what="purchase agreement",
        reference=f"{contract.reference} v{number}",
        organisation_id=contract.municipality_id,
        subject_user_id=contract.application.user_id,
    )
    response = FileResponse(
        version.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"{contract.reference}-v{number}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def dissolve(request, reference):
    contract = selectors.contract_get_for_user(reference=reference, user=request.user)
    if contract.application.user_id != request.user.pk:
        raise Http404
    request.branding = contract.municipality
    # Bound on every POST, even an empty one: an unticked box sends no field at all.
    form = DissolveForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():  # an unbound form (GET) is never valid
        try:
            services.contract_dissolve_by_buyer(contract=contract, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            status = 409
        else:
            messages.success(request, _("The purchase is dissolved. You owe nothing."))
            return redirect("applications:detail", reference=reference)
    return render(
        request,
        "contracts/dissolve.html",
        {
            "contract": contract,
            "application": contract.application,
            "cooling_off": selectors.cooling_off_state(contract),
            "deposit": _deposit(contract),
            "form": form,
        },
        status=status,
    )


def _deposit(contract) -> str:
    """The deposit the agreement sent for signing names (formatted as in the agreement)."""
    version = selectors.contract_sent_version(contract)
    return version.data["values"].get("waarborgsom", "") if version else ""


LETTERS = {
    "aanbiedingsbrief": Kind.OFFER_LETTER,
    "afwijzingsbrief": Kind.REJECTION_LETTER,
}


@require_GET
def letter(request, reference, kind):
    """The buyer's letters: the offer letter of their open or accepted offer, and the
    rejection letter once they were not selected."""
    application = application_selectors.application_get_for_user(
        reference=reference, user=request.user
    )
    if kind not in LETTERS:
        raise Http404
    if LETTERS[kind] == Kind.OFFER_LETTER:
        offer = application.offers.filter(status__in=["open", "accepted"]).first()
        if offer is None:
            raise Http404
        letter = services.letter_issue(kind=Kind.OFFER_LETTER, related=offer, offer=offer)
    else:
        if application.status not in (application_rules.NOT_SELECTED, application_rules.INELIGIBLE):
            raise Http404
        letter = services.letter_issue(
            kind=Kind.REJECTION_LETTER, related=application, application=application
        )
    # The letter as it was issued and stored, never a fresh rendering.
    letter = services.letter_stored(letter)
    if letter.rendering != letter.Rendering.DONE:
        raise Http404
    access_record(
        request,
        action=DOWNLOAD,
        what="letter",
        reference=f"{reference} {kind}",
        organisation_id=application.sales_round.municipality_id,
        subject_user_id=application.user_id,
    )
    with letter.pdf.open("rb") as handle:
        pdf = handle.read()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{reference}-{kind}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
