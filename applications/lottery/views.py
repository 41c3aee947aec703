"""Public pages of the lottery, and the notary's draw page."""

import base64
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods

from applications.lottery import reports, selectors, services
from applications.lottery.forms import DrawForm
from applications.models import LotteryDraw, LotteryReport, LotterySnapshot
from klushuis.pages import information_page
from properties.models import SalesRound

VERIFIER = Path(settings.BASE_DIR) / "docs" / "lottery" / "verify_record.py"


def _published_round(slug):
    return get_object_or_404(SalesRound, slug=slug, published_at__isnull=False)


def _json(text, filename):
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
@require_GET
@gzip_page  # large rounds: served compressed, never truncated
def record(request, slug, pk=None):
    sales_round = _published_round(slug)
    draws = LotteryDraw.objects.filter(sales_round=sales_round)
    draw = get_object_or_404(draws, pk=pk) if pk else services.valid_draw(sales_round)
    if draw is None:
        raise Http404
    return _json(draw.record, f"loting-{slug}-{draw.pk}.json")


@login_not_required
@require_GET
@gzip_page
def snapshot(request, slug, pk=None):
    sales_round = _published_round(slug)
    snapshots = LotterySnapshot.objects.filter(commitment__sales_round=sales_round)
    if pk:
        frozen = get_object_or_404(snapshots, pk=pk)
    else:
        frozen = snapshots.filter(commitment__superseded_at__isnull=True).first()
    if frozen is None:
        raise Http404
    return _json(frozen.canonical, f"deelnemers-{slug}-{frozen.pk}.json")


@login_not_required
@require_GET
def report(request, slug, pk):
    """The draw report (proces-verbaal) for the notary: no personal data, references only.
    Served as the file made when the draw (or its annulment) was recorded; never rendered
    here, so anonymous requests cost no PDF rendering."""
    sales_round = _published_round(slug)
    draw = get_object_or_404(LotteryDraw, sales_round=sales_round, pk=pk)
    made = reports.report_for(draw)
    if made is None or made.rendering != LotteryReport.Rendering.DONE:
        response = HttpResponse(
            _("The report is being made. Try again in a minute."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    response = FileResponse(
        made.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"proces-verbaal-{slug}-{pk}.pdf",
    )
    # RFC 9530: anyone can check the file against the hash the portal stored.
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(made.sha256)).decode()}:"
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_not_required
@require_GET
def how_to_verify(request):
    return information_page(request, "lottery")


@login_not_required
@require_GET
@cache_control(public=True, max_age=3600)
def verifier_script(request):
    return FileResponse(
        VERIFIER.open("rb"),
        as_attachment=True,
        filename="verify_record.py",
        content_type="text/x-python; charset=utf-8",
    )


@permission_required("applications.draw_lottery", raise_exception=True)
@require_GET
def draw_list(request):
    rounds = selectors.notary_rounds_to_draw(request.user)
    return render(request, "lottery/draw_list.html", {"rounds": rounds})


@permission_required("applications.draw_lottery", raise_exception=True)
@require_http_methods(["GET", "POST"])
def draw(request, slug):
    # A round that does not name this notary does not exist for them.
    sales_round = get_object_or_404(selectors.notary_rounds(request.user), slug=slug)
    commitment = services.active_commitment(sales_round)
    frozen = getattr(commitment, "snapshot", None) if commitment else None
    form = DrawForm(request.POST or None, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        try:
            services.lottery_draw(
                sales_round=sales_round,
                public_value=form.cleaned_data["public_value"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("public_value" if error.code == "format" else None, error)
        else:
            messages.success(request, _("The lottery has been drawn and published."))
            return redirect("properties:round_detail", slug=slug)
    return render(
        request,
        "lottery/draw.html",
        {
            "sales_round": sales_round,
            "commitment": commitment,
            "snapshot": frozen,
            "drawn": services.valid_draw(sales_round),
            "form": form,
        },
    )
