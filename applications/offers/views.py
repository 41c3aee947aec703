"""The public offer log. (The buyer answers an offer on the sale's page, in the contracts
app: `contracts.views.offer`.)"""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from applications.offers import selectors
from properties.models import SalesRound


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
