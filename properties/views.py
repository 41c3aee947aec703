import mimetypes

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from klushuis.accounts.throttle import rate_limited
from klushuis.pagecache import anonymous_page
from properties import selectors, services
from properties.extensions import PROPERTY_PAGE, ROUND_PAGE
from properties.filters import PropertyFilter
from properties.forms import AlertSubscribeForm
from properties.models import PropertyDocument, PropertyPhoto
from properties.tokens import read_confirm_token, read_unsubscribe_token

PAGE_SIZES = (12, 24, 48)

public = method_decorator(login_not_required, name="dispatch")


@login_not_required
@require_GET
@anonymous_page
def property_list(request):
    filterset = PropertyFilter(request.GET or None, queryset=selectors.property_list_public())
    try:
        page_size = int(request.GET.get("per_page", PAGE_SIZES[0]))
    except ValueError:
        page_size = PAGE_SIZES[0]
    if page_size not in PAGE_SIZES:
        page_size = PAGE_SIZES[0]
    paginator = Paginator(filterset.qs, page_size)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "properties/property_list.html",
        {
            "filter": filterset,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "page_sizes": PAGE_SIZES,
            "page_size": page_size,
            "query": query.urlencode(),
        },
    )


@login_not_required
@require_GET
@anonymous_page
def property_detail(request, reference):
    prop, preview = selectors.property_get_for_page(reference=reference, user=request.user)
    request.branding = prop.municipality
    current_round = next(iter(prop.public_rounds), None)
    return render(
        request,
        "properties/property_detail.html",
        {
            "property": prop,
            "figures": prop.current_figures,
            "preview": preview,
            "sales_round": current_round,
            "phase": current_round.phase() if current_round else None,
            # A result of the sale: what the layers above show of it (after photos).
            **(PROPERTY_PAGE.context(property=prop) if prop.is_sold else {}),
        },
    )


def _file_response(field, content_type, filename, public):
    response = FileResponse(
        field.open("rb"), content_type=content_type, as_attachment=False, filename=filename
    )
    # Files of public properties may be cached; a staff preview of a draft may not.
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


@login_not_required
@require_GET
def property_photo(request, reference, pk, size="full"):
    photo = selectors.property_file_get(
        reference=reference, user=request.user, model=PropertyPhoto, pk=pk
    )
    field = photo.thumbnail if size == "thumb" and photo.thumbnail else photo.image
    # Stored names carry the extension of the type detected at upload (klushuis.uploads).
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    extension = field.name.rsplit(".", 1)[-1]
    return _file_response(
        field, content_type, f"{reference}-{pk}.{extension}", photo.property.is_public
    )


@login_not_required
@require_GET
def property_document(request, reference, pk):
    document = selectors.property_file_get(
        reference=reference, user=request.user, model=PropertyDocument, pk=pk
    )
    filename = f"{reference}-{slugify(document.title) or 'document'}.pdf"
    return _file_response(document.file, "application/pdf", filename, document.property.is_public)


@login_not_required
@require_GET
@anonymous_page
def round_list(request):
    now = timezone.now()
    rounds = list(selectors.round_list_public())
    groups = {"open": [], "announced": [], "closed": []}
    for sales_round in rounds:
        groups[sales_round.phase(now)].append(sales_round)
    groups["announced"].reverse()  # soonest first
    return render(request, "properties/round_list.html", {"groups": groups})


@login_not_required
@require_GET
@anonymous_page
def round_detail(request, slug):
    sales_round, preview = selectors.round_get_for_page(slug=slug, user=request.user)
    request.branding = sales_round.municipality
    return render(
        request,
        "properties/round_detail.html",
        {
            "sales_round": sales_round,
            "preview": preview,
            "phase": sales_round.phase(),
            "properties": sales_round.properties.all(),
            "criteria": list(sales_round.assessment_criteria.all()),
            # The selection (lottery, assessment, offers) comes from the layer above.
            **ROUND_PAGE.context(sales_round=sales_round),
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def alert_subscribe(request):
    form = AlertSubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, form="alert_subscribe", email=form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "You have sent this form too often in a short time. Wait an hour and try "
                    "again; check your spam folder for the e-mails already sent."
                ),
            )
            return render(request, "properties/alert_subscribe.html", {"form": form}, status=429)
        services.alert_subscribe(
            email=form.cleaned_data["email"], language=translation.get_language()
        )
        request.session["alert_email"] = form.cleaned_data["email"]
        return redirect("properties:alert_subscribe_done")
    return render(request, "properties/alert_subscribe.html", {"form": form})


@login_not_required
@require_GET
def alert_subscribe_done(request):
    return render(
        request,
        "properties/alert_subscribe_done.html",
        {"email": request.session.get("alert_email")},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def alert_confirm(request, token):
    # GET shows a button, so that mail scanners following links do not subscribe anybody.
    found = read_confirm_token(token)
    if found is None:
        return render(request, "properties/alert_invalid.html", status=400)
    if request.method == "POST":
        if services.alert_confirm(subscription_id=found[0], email=found[1]) is None:
            return render(request, "properties/alert_invalid.html", status=400)
        return render(request, "properties/alert_confirmed.html")
    return render(request, "properties/alert_confirm.html", {"email": found[1]})


@login_not_required
@cache_control(no_store=True)
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    """One click: opening the link unsubscribes (and mail clients POST here, RFC 8058)."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, "properties/alert_invalid.html", status=400)
    services.alert_unsubscribe(subscription_id=found[0], email=found[1])
    return render(request, "properties/alert_unsubscribed.html")
