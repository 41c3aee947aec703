"""The buyer's side of aftercare: "Mijn woning" per home, with its timeline, progress reports,
the completion notice with evidence, photo consent and the registration at the address.
Staff work in the management site (`aftercare.admin`). Deadlines are applied when read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aftercare import exemptions, release, rules, selectors, services
from aftercare.forms import (
    ConsentForm,
    EvidenceForm,
    ExemptionForm,
    ProgressForm,
    RegistrationForm,
    ResaleReportForm,
    SubmitForm,
)
from contracts.models import Kind
from contracts.services import letter_stored
from klushuis.privacy.accesslog import DOWNLOAD, access_record


def _case(request, pk):
    case = selectors.case_for_buyer(pk=pk, user=request.user)
    if services.aftercare_apply_due(case=case):
        case.refresh_from_db()
    request.branding = case.municipality
    return case


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def mine(request):
    cases = list(selectors.cases_for_buyer(request.user))
    if len(cases) == 1:
        return redirect("aftercare:home", pk=cases[0].pk)
    return render(request, "aftercare/mine.html", {"cases": cases})


def _home_context(case, user, **forms):
    notice = selectors.current_notice(case)
    inspection = notice.inspections.order_by("-scheduled_for").first() if notice else None
    registration_due = case.obligations.filter(
        kind=rules.BRP_REGISTRATION, status=rules.OPEN
    ).exists()
    letters = selectors.letters_for_case(case)
    exemptions_ = list(selectors.exemptions_for_buyer(case).prefetch_related("documents"))
    for item in exemptions_:
        item.letter = letters.get((Kind.EXEMPTION_DECISION, item.pk))
    return {
        "case": case,
        "timeline": selectors.timeline(case),
        "notice": notice,
        "inspection": inspection,
        "results": list(inspection.results.select_related("item")) if inspection else [],
        "reports": list(case.progress_reports.all()[:5]),
        "may_file": case.accepted_on is None and not (notice and notice.status == rules.SUBMITTED),
        "progress_form": forms.get("progress_form") or ProgressForm(prefix="progress"),
        "consent_form": ConsentForm(initial={"consent": case.photo_consent}, prefix="consent"),
        "registration_form": forms.get("registration_form")
        or (RegistrationForm(prefix="registration") if registration_due else None),
        "brp_checks": list(case.brp_checks.all()[:3]),
        "exemptions": exemptions_,
        "exemption_form": forms.get("exemption_form") or _exemption_form(None, case, user),
        "default_notices": list(case.default_notices.select_related("obligation")),
        "penalty_claims": list(case.penalty_claims.select_related("obligation")),
        "today": timezone.localdate(),
        "resale_reports": list(case.resale_reports.select_related("resale")),
        "resale_form": forms.get("resale_form") or ResaleReportForm(prefix="resale"),
        "released": release.approved_release(case),
    }


def _exemption_form(request, case, user):
    return ExemptionForm(
        request.POST if request else None,
        request.FILES if request else None,
        case=case,
        prefix="exemption",
        held_user=user,
        held_scope=f"aftercare:{case.pk}:exemption",
    )


@require_GET
def home(request, pk):
    case = _case(request, pk)
    return render(request, "aftercare/home.html", _home_context(case, request.user))


@require_POST
def progress(request, pk):
    case = _case(request, pk)
    form = ProgressForm(request.POST, prefix="progress")
    if form.is_valid():
        try:
            services.progress_report_add(
                case=case,
                actor=request.user,
                text=form.cleaned_data["text"],
                started_on=form.cleaned_data["started_on"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you: your progress report was saved."))
            return redirect("aftercare:home", pk=case.pk)
    return render(
        request, "aftercare/home.html", _home_context(case, request.user, progress_form=form)
    )


@require_POST
def consent(request, pk):
    case = _case(request, pk)
    form = ConsentForm(request.POST, prefix="consent")
    form.is_valid()
    given = bool(form.cleaned_data.get("consent"))
    services.photo_consent_set(case=case, actor=request.user, consent=given)
    messages.success(
        request,
        _("Your photos may be shown.") if given else _("Your photos are no longer shown."),
    )
    return redirect("aftercare:home", pk=case.pk)


@require_POST
def registration(request, pk):
    case = _case(request, pk)
    form = RegistrationForm(request.POST, prefix="registration")
    if form.is_valid():
        try:
            services.registration_confirm(
                case=case, actor=request.user, registered_on=form.cleaned_data["registered_on"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you: your registration at the address is noted."))
            return redirect("aftercare:home", pk=case.pk)
    return render(
        request, "aftercare/home.html", _home_context(case, request.user, registration_form=form)
    )


@require_POST
def exemption(request, pk):
    case = _case(request, pk)
    form = _exemption_form(request, case, request.user)
    if form.is_valid():
        try:
            exemptions.exemption_request(
                case=case,
                actor=request.user,
                ground=form.cleaned_data["ground"],
                explanation=form.cleaned_data["explanation"],
                obligation=form.cleaned_data["obligation"],
                documents=form.documents(),
            )
        except ValidationError as error:
            _add_errors(form, error)
            form.hold_uploads()
        else:
            form.release_held_uploads()
            messages.success(
                request, _("Your request was sent; the municipality decides with reasons.")
            )
            return redirect("aftercare:home", pk=case.pk)
    return render(
        request, "aftercare/home.html", _home_context(case, request.user, exemption_form=form)
    )


@require_http_methods(["GET", "POST"])
def notice(request, pk):
    """The completion notice being written: add evidence per PvE item (a refused form keeps
    its text and its file), remove it, submit the notice."""
    case = _case(request, pk)
    current = selectors.current_notice(case)
    if current is None or current.status in (rules.RETURNED, rules.REJECTED):
        if request.method == "GET":
            current = None  # made on the first POST, so a visit writes nothing
    elif current.status != rules.DRAFT:
        return redirect("aftercare:home", pk=case.pk)
    scope = f"aftercare:{case.pk}:evidence"
    action = request.POST.get("action") if request.method == "POST" else None
    evidence_form = EvidenceForm(
        request.POST if action == "add" else None,
        request.FILES if action == "add" else None,
        case=case,
        prefix="evidence",
        held_user=request.user,
        held_scope=scope,
    )
    submit_form = SubmitForm(request.POST if action == "submit" else None, prefix="submit")
    status = 200
    if action:
        try:
            current = services.notice_draft(case=case, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("aftercare:home", pk=case.pk)
    if action == "add" and evidence_form.is_valid():
        data = evidence_form.cleaned_data
        try:
            services.evidence_add(
                notice=current,
                actor=request.user,
                item=data["item"],
                kind=data["kind"],
                upload=data["file"],
                description=data["description"],
                amount=data["amount"],
                invoice_date=data["invoice_date"],
            )
        except ValidationError as error:
            _add_errors(evidence_form, error)
            evidence_form.hold_uploads()
        else:
            evidence_form.release_held_uploads()
            messages.success(request, _("The evidence was added to your draft."))
            return redirect("aftercare:notice", pk=case.pk)
    elif action == "remove":
        evidence = current.evidence.filter(pk=request.POST.get("evidence")).first()
        if evidence is not None:
            services.evidence_remove(evidence=evidence, actor=request.user)
        return redirect("aftercare:notice", pk=case.pk)
    elif action == "submit" and submit_form.is_valid():
        try:
            services.notice_submit(
                notice=current, actor=request.user, remarks=submit_form.cleaned_data["remarks"]
            )
        except ValidationError as error:
            _add_errors(submit_form, error)
        else:
            messages.success(
                request, _("Your completion notice was submitted. The municipality inspects it.")
            )
            return redirect("aftercare:home", pk=case.pk)
    if evidence_form.errors or submit_form.errors:
        status = 200
    items = list(case.items.all())
    evidence = list(current.evidence.select_related("item")) if current else []
    covered = {e.item_id for e in evidence}
    return render(
        request,
        "aftercare/notice.html",
        {
            "case": case,
            "notice": current,
            "evidence_form": evidence_form,
            "submit_form": submit_form,
            "items": [
                {"item": item, "evidence": [e for e in evidence if e.item_id == item.pk]}
                for item in items
            ],
            "complete": rules.notice_complete([i.pk for i in items], covered),
            "missing": [item for item in items if item.pk not in covered],
            "return_days": case.get_terms().return_incomplete_days,
        },
        status=status,
    )


@require_GET
def evidence(request, pk):
    """An evidence file, for the buyer who gave it and staff who may see the case."""
    item = selectors.evidence_for_user(pk=pk, user=request.user)
    is_pdf = item.file.name.endswith(".pdf")
    response = FileResponse(
        item.file.open("rb"),
        content_type="application/pdf" if is_pdf else "image/jpeg",
        filename=f"bewijs-{item.pk}.{'pdf' if is_pdf else 'jpg'}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_GET
def public_photo(request, reference, pk):
    """An after photo the buyer agreed to show (404 once they withdraw)."""
    photo = selectors.public_after_photo(reference=reference, pk=pk)
    response = FileResponse(photo.file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=600"
    return response


@require_GET
def exemption_document(request, pk):
    """A document sent with an exemption request, for the buyer who sent it and staff who
    may see the case (their reading is access-logged)."""
    document = selectors.exemption_document_for_user(pk=pk, user=request.user)
    case = document.exemption.case
    access_record(
        request,
        action=DOWNLOAD,
        what="exemption_document",
        reference=f"{case.contract.reference} {document.pk}",
        organisation_id=case.municipality_id,
        subject_user_id=case.buyer_id,
    )
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf" if document.is_pdf else "image/jpeg",
        filename=f"ontheffing-{document.pk}.{'pdf' if document.is_pdf else 'jpg'}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def letter(request, pk):
    """A letter of aftercare (a decision on an exemption request, a notice of default) as it
    was issued and stored, for its buyer and staff who may see the case (access-logged)."""
    letter, case = selectors.letter_for_buyer(pk=pk, user=request.user)
    letter = letter_stored(letter)
    if letter.rendering != letter.Rendering.DONE:
        raise Http404
    access_record(
        request,
        action=DOWNLOAD,
        what="letter",
        reference=f"{case.contract.reference} {letter.kind}",
        organisation_id=case.municipality_id,
        subject_user_id=case.buyer_id,
    )
    response = FileResponse(
        letter.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"{letter.data['head']['reference']}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def resale_report(request, pk):
    """The buyer reports the resale of their home (date of the deed, price, notary)."""
    case = _case(request, pk)
    form = ResaleReportForm(request.POST, prefix="resale")
    if form.is_valid():
        try:
            release.resale_report(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you: the municipality checks your report and tells you what is due."),
            )
            return redirect("aftercare:home", pk=case.pk)
    return render(
        request, "aftercare/home.html", _home_context(case, request.user, resale_form=form)
    )


def _statement_response(letter, *, filename: str):
    """The release statement as it was issued and stored (never a fresh rendering)."""
    letter = letter_stored(letter)
    if letter.rendering != letter.Rendering.DONE:
        raise Http404
    with letter.pdf.open("rb") as handle:
        pdf = handle.read()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def statement(request, pk):
    """The buyer's release statement (verklaring van vrijstelling)."""
    case = selectors.case_for_buyer(pk=pk, user=request.user)
    approved = release.approved_release(case)
    if approved is None or approved.statement is None:
        raise Http404
    return _statement_response(
        approved.statement,
        filename=f"{case.contract.reference}-verklaring-van-vrijstelling.pdf",
    )


# --- Notaries -------------------------------------------------------------------------------


@require_GET
def notary_homes(request):
    """A notary's list: the homes of their municipalities still bound by the agreement
    (address and reference only), each with a link to report its resale."""
    if not request.user.has_perm(release.REPORT_PERMISSION):
        raise PermissionDenied
    cases = list(release.cases_for_notary(request.user))
    return render(request, "aftercare/notary_homes.html", {"cases": cases})


@require_http_methods(["GET", "POST"])
def notary_report(request, pk):
    """A notary reports the resale of one of those homes; 404 for any other home."""
    if not request.user.has_perm(release.REPORT_PERMISSION):
        raise PermissionDenied
    case = release.case_for_notary(pk=pk, user=request.user)
    form = ResaleReportForm(
        request.POST or None, initial={"notary_name": request.user.full_name}, prefix="resale"
    )
    if request.method == "POST" and form.is_valid():
        try:
            release.resale_report(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you: the resale is reported to the municipality."))
            return redirect("aftercare:notary_homes")
    reports = case.resale_reports.filter(reported_by=request.user)
    return render(
        request, "aftercare/notary_report.html", {"case": case, "form": form, "reports": reports}
    )
