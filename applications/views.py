"""The buyer's side: start, fill in step by step, submit, follow, withdraw.

Every POST goes through a service that checks the window on the server's clock. When the
window has closed while a page was open, the page comes back with a clear refusal and with
everything the buyer typed still in the form.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from applications import selectors, services
from applications.assessment import selectors as assessment
from applications.extensions import APPLICATION_PAGE
from applications.forms import (
    ApplicantsStep,
    DeclarationsStep,
    FinancingStep,
    HouseholdStep,
    PlanForm,
    PreferencesStep,
    WithdrawForm,
)
from applications.lottery import services as lottery
from applications.models import Application, RenovationPlan
from applications.offers import selectors as offers
from klushuis.privacy.accesslog import DOWNLOAD, access_record
from properties.models import SalesRound

STEPS = [
    (1, gettext_lazy("Applicants")),
    (2, gettext_lazy("Household")),
    (3, gettext_lazy("Homes")),
    (4, gettext_lazy("Financing")),
    (5, gettext_lazy("Renovation plans")),
    (6, gettext_lazy("Declarations")),
]


@require_POST
def start(request, slug):
    sales_round = get_object_or_404(SalesRound, slug=slug, published_at__isnull=False)
    try:
        application = services.application_start(user=request.user, sales_round=sales_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("properties:round_detail", slug=slug)
    return redirect("applications:step", reference=application.reference, step=1)


def dashboard(request):
    applications = list(selectors.application_list_for_user(request.user))
    for application in applications:
        application.open_offers = offers.open_offers_for_application(application)
        application.problems = (
            selectors.application_problems(application) if application.editable else []
        )
        application.next_step = (
            selectors.application_next_step(application) if application.problems else None
        )
    # An offer waiting for an answer comes first: it has a deadline.
    applications.sort(key=lambda application: not application.open_offers)
    return render(request, "applications/dashboard.html", {"applications": applications})


def detail(request, reference):
    application = selectors.application_get_for_user(reference=reference, user=request.user)
    request.branding = application.sales_round.municipality
    return render(request, "applications/application_detail.html", _overview(application))


def _overview(application, **extra):
    findings = selectors.eligibility_findings(application)
    history = list(application.history.order_by("at", "pk"))
    offers_list = offers.offers_for_application(application)
    decision = selectors.eligibility_decision(history)
    return {
        "application": application,
        "sales_round": application.sales_round,
        "phase": application.sales_round.phase(),
        "problems": selectors.application_problems(application) if application.editable else [],
        "next_step": selectors.application_next_step(application) if application.editable else None,
        "uncovered": [
            f.params["address"] for f in findings if f.code == "financing_covers_home" and not f.ok
        ],
        "decision": decision,
        "history": history,
        "lottery_result": _with_offer(lottery.result_for(application), offers_list),
        "assessment_result": assessment.result_for(application),
        "offers": offers_list,
        "reserve_places": offers.reserve_places_for_application(application),
        **APPLICATION_PAGE.context(application=application),
        "commitment": lottery.active_commitment(application.sales_round),
        "steps": STEPS,
        **extra,
    }


def _with_offer(result, offers_list):
    """The lottery result with the offer of the home it allocated, so that the page says what
    is true now (offered, accepted, declined...) instead of "you will receive an offer"."""
    if result and result.get("in_draw"):
        result["reserve_offers"] = {
            o.property.address: o for o in reversed(offers_list) if o.source == "reserve"
        }
    if result and result.get("allocated_reference"):
        result["offer"] = next(
            (
                o
                for o in offers_list
                if o.property.reference == result["allocated_reference"] and o.source != "reserve"
            ),
            None,
        )
    return result


def _build_forms(request, application, step):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    sales_round = application.sales_round
    if step == 1:
        main = application.main_applicant
        initial_main = None
        if main is None:
            given, _sep, surname = (request.user.full_name or "").partition(" ")
            initial_main = {"given_names": given, "surname": surname, "email": request.user.email}
        return [
            ApplicantsStep(
                data,
                main_instance=main,
                co_instance=application.co_applicant,
                initial_main=initial_main,
            )
        ]
    if step == 2:
        return [HouseholdStep(data, instance=application, sales_round=sales_round)]
    if step == 3:
        initial = {
            f"choice_{pref.rank}": str(pref.property_id) for pref in application.preferences.all()
        }
        return [PreferencesStep(data, initial=initial, sales_round=sales_round)]
    # Files are held for this user and this application's step when the step is refused.
    held = {"held_user": request.user, "held_scope": f"application:{application.pk}:{step}"}
    if step == 4:
        form = FinancingStep(data, files, instance=application, **held)
        form.set_saved_url(
            "financing_statement",
            reverse("applications:financing_statement", args=[application.reference]),
        )
        return [form]
    if step == 5:
        forms = []
        for pref in application.preferences.all():
            plan = getattr(pref, "plan", None)
            form = PlanForm(
                data,
                files,
                instance=plan or RenovationPlan(preference=pref),
                prefix=f"plan-{pref.pk}",
                minimum_budget=pref.property.current_figures.minimum_renovation_budget,
                address=pref.property.address,
                **held,
            )
            form.preference = pref
            if plan is not None:
                form.set_saved_url(
                    "drawings",
                    reverse("applications:drawings", args=[application.reference, plan.pk]),
                )
            forms.append(form)
        return forms
    if step == 6:
        return [DeclarationsStep(data, instance=application)]
    raise Http404


def _save(application, step, forms):
    form = forms[0]
    if step == 1:
        main, co = form.values()
        services.application_save_applicants(application=application, main=main, co=co)
    elif step == 2:
        services.application_save_fields(application=application, fields=form.cleaned_data)
    elif step == 3:
        services.application_save_preferences(application=application, properties=form.chosen)
    elif step == 4:
        fields = {k: v for k, v in form.cleaned_data.items() if k != "financing_statement"}
        upload = form.cleaned_data.get("financing_statement")
        services.application_save_fields(
            application=application,
            fields=fields,
            files={"financing_statement": upload if hasattr(upload, "content_type") else None},
        )
    elif step == 5:
        for plan_form in forms:
            fields = {k: v for k, v in plan_form.cleaned_data.items() if k != "drawings"}
            drawings = plan_form.cleaned_data.get("drawings")
            services.application_save_plan(
                preference=plan_form.preference,
                fields=fields,
                drawings=drawings if hasattr(drawings, "content_type") else None,
            )
    elif step == 6:
        services.application_save_fields(application=application, fields=form.cleaned_data)


def _hold_uploads(forms):
    # A valid form on a refused page (step 5 has one per home) holds its files too.
    for form in forms:
        if hasattr(form, "hold_uploads"):
            form.hold_uploads()


@require_http_methods(["GET", "POST"])
def step(request, reference, step):
    application = selectors.application_get_for_user(reference=reference, user=request.user)
    request.branding = application.sales_round.municipality
    if not application.editable:
        messages.info(request, _("This application can no longer be changed."))
        return redirect("applications:detail", reference=reference)
    forms = _build_forms(request, application, step)
    # Every form is validated (no short cut), so each shows its own errors.
    valid = [f.is_valid() for f in forms] if request.method == "POST" else [False]
    if all(valid):
        try:
            _save(application, step, forms)
        except ValidationError as error:
            # The window closed while the page was open, or the change is no longer allowed:
            # show why, with the form still holding what was typed.
            for form in forms[:1]:
                form.add_error(None, error)
            _hold_uploads(forms)
        else:
            for form in forms:
                if hasattr(form, "release_held_uploads"):
                    form.release_held_uploads()
            if "save_draft" in request.POST or step == len(STEPS):
                messages.success(request, _("Saved."))
                target = "applications:detail" if step == len(STEPS) else "applications:step"
                kwargs = {"reference": reference} | ({} if step == len(STEPS) else {"step": step})
                return redirect(target, **kwargs)
            return redirect("applications:step", reference=reference, step=step + 1)
    if request.method == "POST":
        _hold_uploads(forms)
    # Step 1 nests a form per person; the summary lists their errors too.
    summary_forms = [forms[0], forms[0].main, forms[0].co] if step == 1 else forms
    return render(
        request,
        "applications/application_step.html",
        {
            "application": application,
            "sales_round": application.sales_round,
            "forms": forms,
            "step": step,
            "steps": STEPS,
            "step_title": dict(STEPS)[step],
            "has_files": step in (4, 5),
            "summary_forms": summary_forms,
            "any_errors": any(f.errors for f in summary_forms),
        },
    )


@require_POST
def submit(request, reference):
    try:
        services.application_submit_own(reference=reference, user=request.user)
    except Application.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        application = selectors.application_get_for_user(reference=reference, user=request.user)
        request.branding = application.sales_round.municipality
        return render(
            request,
            "applications/application_detail.html",
            _overview(application, submit_errors=error.messages),
            status=403 if isinstance(error, services.WindowClosed) else 400,
        )
    messages.success(
        request,
        _("Your application has been submitted. You will receive a confirmation by e-mail."),
    )
    return redirect("applications:detail", reference=reference)


@require_http_methods(["GET", "POST"])
def withdraw(request, reference):
    application = selectors.application_get_for_user(reference=reference, user=request.user)
    request.branding = application.sales_round.municipality
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application=application, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your application has been withdrawn."))
            return redirect("applications:detail", reference=reference)
    return render(
        request,
        "applications/application_withdraw.html",
        {"application": application, "form": form},
    )


@require_POST
def reopen(request, reference):
    application = selectors.application_get_for_user(reference=reference, user=request.user)
    try:
        services.application_reopen(application=application, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("applications:detail", reference=reference)


def document(request, reference, kind, pk=None):
    """A private upload: to its owner and to staff who may see the application, never cached."""
    application = selectors.application_get_for_file(reference=reference, user=request.user)
    if kind == "financing":
        field = application.financing_statement
    elif kind == "drawings":
        plan = RenovationPlan.objects.filter(preference__application=application, pk=pk).first()
        field = plan.drawings if plan else None
    else:
        raise Http404
    if not field:
        raise Http404
    access_record(
        request,
        action=DOWNLOAD,
        what="financing statement" if kind == "financing" else "renovation drawings",
        reference=application.reference,
        organisation_id=application.sales_round.municipality_id,
        subject_user_id=application.user_id,
    )
    response = FileResponse(
        field.open("rb"),
        content_type="application/pdf",
        filename=f"{application.reference}-{kind}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
