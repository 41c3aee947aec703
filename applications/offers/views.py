"""The buyer answers an offer: accept (with the data for the deed) or decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.offers import selectors, services
from applications.offers.forms import AcceptForm, DeclineForm, DeedPartyForm
from properties.models import SalesRound


@require_http_methods(["GET", "POST"])
def offer(request, reference, pk):
    offer = selectors.offer_get_for_user(reference=reference, pk=pk, user=request.user)
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
                services.offer_accept(
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
            services.offer_decline(offer=offer, actor=request.user)
        except ValidationError as error:
            decline.add_error(None, error)
            status = 409
        else:
            messages.success(request, _("You have declined the home."))
            return redirect("applications:detail", reference=reference)
    offer.refresh_from_db()
    return render(
        request,
        "applications/offer_detail.html",
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


@login_not_required
@require_GET
def offer_log_json(request, slug):
    """The public offer log as JSON, by reference only (LOTTERY.md section 4)."""
    sales_round = get_object_or_404(SalesRound, slug=slug, published_at__isnull=False)
    entries = selectors.offer_log(sales_round)
    body = {
        "round": sales_round.slug,
        "entries": [
            {
                "at": timezone.localtime(e.at).isoformat(),
                "property": e.property.reference,
                "ref": e.reference,
                "event": e.event,
                "reserve_rank": e.reserve_rank,
            }
            for e in entries
        ],
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
