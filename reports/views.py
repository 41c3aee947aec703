"""The staff dashboard, its council report (PDF) and exports (XLSX), and the public results
page per neighbourhood. Staff see the municipalities they work for only (a bureau: those that
gave it a mandate); the second factor is enforced for every staff page by the middleware."""

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from klushuis import pdf
from klushuis.organisations.models import Organisation
from klushuis.organisations.selectors import organisation_list_for_user
from properties.models import Neighbourhood
from reports import exports, presentation, selectors

ALL = "alle"


def _municipalities(user) -> list[Organisation]:
    if not user.is_staff or not user.has_perm("properties.view_salesround"):
        raise PermissionDenied
    found = list(
        organisation_list_for_user(user)
        .filter(kind=Organisation.Kind.MUNICIPALITY)
        .order_by("name")
    )
    if not found:
        raise PermissionDenied
    return found


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _scope(request) -> tuple[selectors.Scope, list, Organisation | None]:
    """The municipality (or all the user's, "alle") and period the request asks for."""
    municipalities = _municipalities(request.user)
    chosen = request.GET.get("gemeente", "")
    if chosen == ALL:
        selected = None
        ids = tuple(m.pk for m in municipalities)
    else:
        by_pk = {str(m.pk): m for m in municipalities}
        if chosen and chosen not in by_pk:
            raise Http404
        selected = by_pk.get(chosen, municipalities[0])
        ids = (selected.pk,)
    scope = selectors.Scope(
        municipality_ids=ids,
        start=_date(request.GET.get("van")),
        end=_date(request.GET.get("tot")),
    )
    return scope, municipalities, selected


def _context(request):
    scope, municipalities, selected = _scope(request)
    figures = selectors.dashboard(scope)
    return {
        "scope": scope,
        "municipalities": municipalities,
        "selected": selected,
        "all_value": ALL,
        "query": request.GET.urlencode(),
        "figures": figures,
        "tables": presentation.tables(figures),
        "charts": presentation.charts(figures),
        "today": timezone.localdate(),
        "neighbourhoods": Neighbourhood.objects.filter(
            municipality_id__in=scope.municipality_ids
        ).select_related("municipality"),
    }


@require_GET
def dashboard(request):
    return render(request, "reports/dashboard.html", _context(request))


@require_GET
def council_report(request):
    """The council report as PDF: the same figures, tables and charts as the dashboard.
    Aggregates only, so it is not an access to personal data and not logged."""
    context = _context(request)
    html = render_to_string("reports/council_report.html", context, request=request)
    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="raadsrapportage.pdf"'
    return response


@require_GET
def export(request):
    """Every table of the dashboard as a sheet of one workbook. Aggregates only: not logged."""
    context = _context(request)
    response = HttpResponse(
        exports.workbook(context["tables"]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="rapportage.xlsx"'
    return response


@login_not_required
@require_GET
def results(request, municipality, neighbourhood):
    """What the project achieved in one neighbourhood, for everybody: aggregates only."""
    place = get_object_or_404(
        Neighbourhood.objects.select_related("municipality"),
        municipality__slug=municipality,
        slug=neighbourhood,
    )
    return render(
        request,
        "reports/results.html",
        {
            "neighbourhood": place,
            "results": selectors.neighbourhood_results(place),
            "title": _("Results in %(name)s") % {"name": place.name},
        },
    )
