"""The jury's pages (plans by reference only, never names) and the published outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.assessment import selectors, services
from applications.assessment.forms import ScoreForm
from applications.models import AssessmentOutcome, PlanAssessment
from klushuis.privacy.accesslog import DOWNLOAD, VIEW, access_record
from properties.models import SalesRound


def _jury_round(user, slug) -> SalesRound:
    return get_object_or_404(selectors.juror_rounds(user), slug=slug)


@permission_required("applications.assess_plan", raise_exception=True)
@require_GET
def jury_rounds(request):
    rounds = list(selectors.juror_rounds(request.user))
    for sales_round in rounds:
        worklist = selectors.juror_worklist(sales_round, request.user)
        sales_round.plan_count = len(worklist)
        sales_round.submitted = sum(
            1 for w in worklist if w["assessment"] and w["assessment"].submitted_at
        )
    return render(request, "assessment/jury_rounds.html", {"rounds": rounds})


@permission_required("applications.assess_plan", raise_exception=True)
@require_GET
def jury_round(request, slug):
    sales_round = _jury_round(request.user, slug)
    return render(
        request,
        "assessment/jury_round.html",
        {
            "sales_round": sales_round,
            "worklist": selectors.juror_worklist(sales_round, request.user),
            "published": AssessmentOutcome.objects.filter(sales_round=sales_round).exists(),
        },
    )


@permission_required("applications.assess_plan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def jury_plan(request, slug, reference, home):
    sales_round = _jury_round(request.user, slug)
    preference = selectors.juror_plan(sales_round, request.user, reference, home)
    if preference is None:
        raise Http404
    if request.method == "GET":
        access_record(
            request,
            action=VIEW,
            what="renovation plan",
            reference=f"{reference} {home}",
            organisation_id=sales_round.municipality_id,
        )
    criteria = list(sales_round.assessment_criteria.all())
    own = PlanAssessment.objects.filter(juror=request.user, preference=preference).first()
    initial = {"remarks": own.remarks} if own else {}
    if own:
        initial.update({f"criterion_{s.criterion_id}": s.score for s in own.scores.all()})
    form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.assessment_save(
                    juror=request.user,
                    preference=preference,
                    scores=form.scores(),
                    remarks=form.cleaned_data["remarks"],
                    submit=submit,
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 409
            else:
                messages.success(
                    request,
                    _("Your assessment is submitted.") if submit else _("Your scores are saved."),
                )
                return redirect("applications:jury_plan", slug=slug, reference=reference, home=home)
        else:
            status = 400
    own = PlanAssessment.objects.filter(juror=request.user, preference=preference).first()
    return render(
        request,
        "assessment/jury_plan.html",
        {
            "sales_round": sales_round,
            "preference": preference,
            "plan": getattr(preference, "plan", None),
            "form": form,
            "own": own,
            "others": selectors.other_assessments(preference, request.user),
            "criteria": criteria,
        },
        status=status,
    )


@permission_required("applications.assess_plan", raise_exception=True)
@require_GET
def jury_drawings(request, slug, reference, home):
    sales_round = _jury_round(request.user, slug)
    preference = selectors.juror_plan(sales_round, request.user, reference, home)
    plan = getattr(preference, "plan", None) if preference else None
    if plan is None or not plan.drawings:
        raise Http404
    access_record(
        request,
        action=DOWNLOAD,
        what="renovation drawings",
        reference=f"{reference} {home}",
        organisation_id=sales_round.municipality_id,
    )
    response = FileResponse(
        plan.drawings.open("rb"),
        content_type="application/pdf",
        filename=f"{reference}-{home}-tekeningen.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
@require_GET
def outcome_json(request, slug):
    outcome = get_object_or_404(
        AssessmentOutcome, sales_round__slug=slug, sales_round__published_at__isnull=False
    )
    response = HttpResponse(outcome.record, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-beoordeling.json"'
    return response
