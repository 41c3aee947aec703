"""The public klushuur section (/klushuur/): offers, registering interest, applying and opting
in; and the tenant's own pages: the agreement with its addendum, the work, the rent schedule and
the change register of their home. Tenants reach only their own records (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klushuur import rules, selectors, services
from klushuur.forms import ApplyForm, ChangeForm, InterestForm, ReportForm
from klushuur.models import Agreement, JobPhoto
from klushuur.responses import pdf_response, photo_response, schedule_response


@login_not_required
@require_GET
def offer_list(request):
    offers = selectors.published_offers()
    return render(request, "klushuur/offer_list.html", {"offers": offers})


@login_not_required
@require_GET
def offer_detail(request, slug):
    offer = get_object_or_404(selectors.published_offers(), slug=slug)
    request.branding = offer.corporation
    home = None
    if request.user.is_authenticated:
        home = services.home_for_applicant(offer, request.user)
    applied = (
        request.user.is_authenticated
        and selectors.applications_of(request.user).filter(offer=offer).exists()
    )
    return render(
        request,
        "klushuur/offer_detail.html",
        {"offer": offer, "jobs": offer.jobs.all(), "my_home": home, "applied": applied},
    )


@require_http_methods(["GET", "POST"])
def interest(request):
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.interest_register(user=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you: the corporation can now invite you."))
        return redirect("klushuur:mine")
    return render(request, "klushuur/interest.html", {"form": form})


@require_http_methods(["GET", "POST"])
def apply(request, slug):
    offer = get_object_or_404(selectors.published_offers(), slug=slug)
    request.branding = offer.corporation
    home = services.home_for_applicant(offer, request.user)
    if home is None:
        raise Http404  # an offer to a complex is only for its tenants
    form = ApplyForm(request.POST or None, jobs=offer.jobs.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                offer=offer,
                user=request.user,
                jobs=form.cleaned_data["chosen_jobs"],
                choices=form.cleaned_data["choices"],
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your application was sent. The corporation decides by its allocation rules.")
                if not offer.for_tenants
                else _("You have opted in. The corporation will confirm."),
            )
            return redirect("klushuur:mine")
    return render(request, "klushuur/apply.html", {"offer": offer, "home": home, "form": form})


@require_GET
def mine(request):
    user = request.user
    return render(
        request,
        "klushuur/mine.html",
        {
            "applications": selectors.applications_of(user),
            "agreements": selectors.agreements_of(user),
            "homes": selectors.homes_of(user),
        },
    )


def _agreement(request, pk) -> Agreement:
    return get_object_or_404(selectors.agreements_of(request.user), pk=pk)


@require_GET
def agreement(request, pk):
    agreement = _agreement(request, pk)
    request.branding = agreement.home.corporation
    latest = agreement.addenda.order_by("-number").first()
    jobs = list(agreement.jobs.all())
    signed = services.agreement_signed(agreement)
    return render(
        request,
        "klushuur/agreement.html",
        {
            "agreement": agreement,
            "addendum": latest,
            "signed": signed,
            "jobs": jobs,
            "report_forms": {
                job.pk: ReportForm(prefix=f"job{job.pk}")
                for job in jobs
                if signed and job.status in (rules.JOB_AGREED, rules.JOB_REJECTED)
            },
            "schedule": selectors.rent_schedule(agreement),
        },
    )


@require_POST
def report(request, pk, job):
    agreement = _agreement(request, pk)
    found = get_object_or_404(agreement.jobs, pk=job)
    form = ReportForm(
        request.POST,
        request.FILES,
        prefix=f"job{found.pk}",
        held_user=request.user,
        held_scope=f"klushuur-job:{found.pk}",
    )
    if form.is_valid():
        try:
            services.job_report(
                job=found,
                actor=request.user,
                report=form.cleaned_data["report"],
                photos=form.photos(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form.release_held_uploads()
            messages.success(request, _("Reported. The corporation will inspect the job."))
            return redirect("klushuur:agreement", pk=agreement.pk)
    form.hold_uploads()
    request.branding = agreement.home.corporation
    latest = agreement.addenda.order_by("-number").first()
    jobs = list(agreement.jobs.all())
    return render(
        request,
        "klushuur/agreement.html",
        {
            "agreement": agreement,
            "addendum": latest,
            "signed": services.agreement_signed(agreement),
            "jobs": jobs,
            "report_forms": {found.pk: form},
            "schedule": selectors.rent_schedule(agreement),
        },
        status=200,
    )


@require_POST
def sign(request, pk):
    agreement = _agreement(request, pk)
    latest = agreement.addenda.order_by("-number").first()
    if latest is None:
        raise Http404
    try:
        services.addendum_sign(addendum=latest, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You signed the addendum."))
    return redirect("klushuur:agreement", pk=agreement.pk)


@require_GET
def addendum_pdf(request, pk, number):
    agreement = _agreement(request, pk)
    return pdf_response(get_object_or_404(agreement.addenda, number=number, rendering="done"))


@require_GET
def schedule(request, pk, fmt):
    return schedule_response(_agreement(request, pk), fmt)


@require_GET
def photo(request, pk, photo):
    agreement = _agreement(request, pk)
    return photo_response(get_object_or_404(JobPhoto, pk=photo, job__agreement=agreement))


@require_http_methods(["GET", "POST"])
def home(request, pk):
    """The tenant's home: its change register (which came with the home) and a new change."""
    found = get_object_or_404(selectors.homes_of(request.user), pk=pk)
    request.branding = found.corporation
    form = ChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = services.change_submit(home=found, tenant=request.user, **form.cleaned_data)
        if change.status == rules.CHANGE_REGISTERED:
            messages.success(request, _("Registered: this change needs no consent."))
        else:
            messages.success(
                request, _("Your request for consent was sent to the corporation in writing.")
            )
        return redirect("klushuur:home", pk=found.pk)
    changes = [
        (change, services.change_court_from(change)) for change in selectors.changes_of_home(found)
    ]
    return render(request, "klushuur/home.html", {"home": found, "changes": changes, "form": form})
