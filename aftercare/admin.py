"""Staff work on aftercare in the management site (behind the second factor, like all staff
work): the cases list is the worklist (due this month, overdue, awaiting inspection, awaiting a
BRP check; filtered by municipality, neighbourhood and round), scoped to the user's
organisations; a case's page schedules and records inspections item by item, returns an
incomplete notice and records BRP checks. Each button calls one service."""

import copy
import csv
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from aftercare import dossier, exemptions, penalties, release, rules, selectors, services
from aftercare.models import (
    AftercareSettings,
    BrpCheck,
    Case,
    DefaultNotice,
    Exemption,
    InspectionResult,
    Obligation,
    PenaltyClaim,
    Release,
    Resale,
    ResaleReport,
)
from klushuis.admin import ReadOnlyInline
from klushuis.organisations.admin import ScopedToOrganisationAdmin
from klushuis.organisations.models import Organisation
from klushuis.organisations.selectors import scope_to_user
from klushuis.privacy.accesslog import EXPORT, access_record
from klushuis.templatetags.portal import euro as money
from properties.models import Neighbourhood, SalesRound

# The notice-of-default and penalty buttons of the Case page (issue #16).
PENALTY_ACTIONS = ("default_notice", "claim", "claim_pay", "claim_propose", "claim_approve")


class WorklistFilter(admin.SimpleListFilter):
    title = _("worklist")
    parameter_name = "work"

    def lookups(self, request, model_admin):
        return [
            (selectors.DUE_THIS_MONTH, _("Due this month")),
            (selectors.OVERDUE, _("Overdue")),
            (selectors.AWAITING_INSPECTION, _("Awaiting inspection")),
            (selectors.AWAITING_BRP_CHECK, _("Awaiting a BRP check")),
        ]

    def queryset(self, request, queryset):
        if self.value() in selectors.VIEWS:
            cases = selectors.obligations_in_view(self.value()).values("case_id")
            return queryset.filter(pk__in=cases)
        return queryset


def _scoped_filter(request, name, path, title, model, organisation_path):
    """A list filter on `path` whose choices are the `model` rows of the user's
    organisations (a few dozen), not the distinct values of every case."""
    queryset = scope_to_user(model.objects.all(), request.user, organisation_path)
    if model is Organisation:
        queryset = queryset.filter(kind="municipality")

    class ScopedFilter(admin.SimpleListFilter):
        parameter_name = name

        def lookups(self, request, model_admin):
            return [(str(row.pk), str(row)) for row in queryset.order_by("pk")]

        def queryset(self, request, cases):
            if self.value():
                return cases.filter(**{f"{path}_id": self.value()})
            return cases

    ScopedFilter.title = title
    return ScopedFilter


class DateInput(forms.DateInput):
    """A date box: <input type="date"> takes only ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ScheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(
        label=_("Appointment"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ReturnForm(forms.Form):
    reasons = forms.CharField(label=_("What is missing"), widget=forms.Textarea(attrs={"rows": 3}))


class BrpForm(forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput)
    source = forms.CharField(label=_("Source"), max_length=200)
    result = forms.ChoiceField(label=_("Result"), choices=BrpCheck.Result.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ExemptionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("decision"), choices=Exemption.Outcome.choices)
    new_due_on = forms.DateField(label=_("new deadline"), required=False, widget=DateInput)
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class ExemptionApprovalForm(forms.Form):
    APPROVE, REFUSE = "approve", "refuse"
    decision = forms.ChoiceField(
        label=_("second approval"),
        choices=[(APPROVE, _("Approve the proposal")), (REFUSE, _("Refuse the request"))],
    )
    reasons = forms.CharField(
        label=_("reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REFUSE and not (data.get("reasons") or "").strip():
            self.add_error("reasons", _("Give the reasons for the decision."))
        return data


class ResaleForm(forms.Form):
    sold_on = forms.DateField(label=_("sold on (date of the deed)"), widget=DateInput)
    price = forms.DecimalField(label=_("resale price"), max_digits=12, decimal_places=2)


class ResalePaidForm(forms.Form):
    paid_on = forms.DateField(label=_("payment received on"), widget=DateInput)


class DefaultNoticeForm(forms.Form):
    """A notice of default for an overdue deadline: the facts, how and when it was sent."""

    obligation = forms.ModelChoiceField(label=_("overdue obligation"), queryset=None)
    facts = forms.CharField(
        label=_("facts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was found, and when (printed in the letter as written)."),
    )
    method = forms.ChoiceField(label=_("sent by"), choices=DefaultNotice.Method.choices)
    sent_on = forms.DateField(label=_("sent on"), widget=DateInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obligation"].queryset = selectors.noticeable_obligations(case)


class ClaimForm(forms.Form):
    breach = forms.ChoiceField(label=_("breach"))

    def __init__(self, *args, breaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.breaches = {_breach_key(row): row for row in breaches}
        self.fields["breach"].choices = [
            (key, _breach_label(row)) for key, row in self.breaches.items()
        ]


def _breach_key(row) -> str:
    return f"notice-{row['notice'].pk}" if row["notice"] else f"resale-{row['resale'].pk}"


def _breach_label(row) -> str:
    if row["notice"]:
        return _("%(obligation)s (notice of default of %(day)s)") % {
            "obligation": row["notice"].obligation,
            "day": row["notice"].sent_on.isoformat(),
        }
    return _("Resale of %(day)s without an exemption") % {"day": row["resale"].sold_on}


def _only_choice(field) -> None:
    """A choice of one is made already (a case rarely has more than one claim open)."""
    rows = list(field.queryset[:2])
    if len(rows) == 1:
        field.initial = rows[0].pk


class ClaimPayForm(forms.Form):
    claim = forms.ModelChoiceField(label=_("penalty claim"), queryset=None)
    paid_on = forms.DateField(label=_("payment received on"), widget=DateInput)
    amount = forms.DecimalField(
        label=_("amount received"), max_digits=12, decimal_places=2, min_value=0
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].queryset = case.penalty_claims.filter(
            status__in=[rules.CLAIMED, rules.REDUCED]
        )
        _only_choice(self.fields["claim"])


class ClaimProposeForm(forms.Form):
    claim = forms.ModelChoiceField(label=_("penalty claim"), queryset=None)
    proposal = forms.ChoiceField(label=_("proposal"), choices=PenaltyClaim.Proposal.choices)
    amount = forms.DecimalField(
        label=_("reduce to (amount)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
    )
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].queryset = case.penalty_claims.filter(status=rules.CLAIMED)
        _only_choice(self.fields["claim"])


class ClaimApprovalForm(ExemptionApprovalForm):
    claim = forms.ModelChoiceField(label=_("penalty claim"), queryset=None)
    field_order = ["claim", "decision", "reasons"]

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].queryset = case.penalty_claims.filter(status=rules.REDUCTION_PROPOSED)
        _only_choice(self.fields["claim"])
        self.fields["decision"].choices = [
            (self.APPROVE, _("Approve the reduction or waiver")),
            (self.REFUSE, _("Refuse: the claim stands")),
        ]


class ReportSetAsideForm(forms.Form):
    reasons = forms.CharField(
        label=_("reasons for setting the report aside"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReleaseProposeForm(forms.Form):
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReleaseDecisionForm(ExemptionApprovalForm):
    """The second approval of a release: the same decision, its own words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (self.APPROVE, _("Approve: issue the release statement")),
            (self.REFUSE, _("Refuse the release")),
        ]


class InspectionForm(forms.Form):
    """The inspection item by item (met / not met / remark), then accept or reject."""

    performed_on = forms.DateField(label=_("Inspected on"), widget=DateInput)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the completion")), ("reject", _("Reject, with defects"))],
    )
    defects = forms.CharField(
        label=_("Defects (when rejected)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    repair_by = forms.DateField(
        label=_("Repair by (when rejected)"), required=False, widget=DateInput
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=str(item), choices=InspectionResult.Result.choices, widget=forms.RadioSelect
            )
            self.fields[f"remark_{item.pk}"] = forms.CharField(
                label=_("Remark"), required=False, max_length=500
            )

    def item_rows(self):
        return [(self[f"result_{i.pk}"], self[f"remark_{i.pk}"]) for i in self.items]

    def results(self):
        data = self.cleaned_data
        return {i.pk: (data[f"result_{i.pk}"], data[f"remark_{i.pk}"]) for i in self.items}


class ObligationInline(ReadOnlyInline):
    model = Obligation
    fields = ["kind", "sequence", "due_on", "status", "done_on", "state", "penalty_today"]
    readonly_fields = fields

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.shown_state()

    @admin.display(description=_("penalty if claimed today"))
    def penalty_today(self, obj):
        """The contract's penalty for an overdue deadline, worked out (issue #16); a notice
        of default, when sent, moves the start to the end of its term."""
        # After a notice of default the days count from the end of its term, and what was
        # claimed for the breach already is not claimed again.
        notice = obj.default_notices.filter(due_on=obj.due_on).first()
        computed = selectors.penalty_for_obligation(
            obj,
            notice_sent_on=notice.sent_on if notice else None,
            already_claimed=sum((c.amount for c in notice.claims.all()), Decimal(0))
            if notice
            else Decimal(0),
        )
        if computed is None:
            return "-"
        if not computed.daily:
            return money(computed.amount)
        return _("%(amount)s (%(base)s + %(days)s days x %(daily)s, cap %(cap)s)") % {
            "amount": money(computed.amount),
            "base": money(computed.base),
            "days": computed.days,
            "daily": money(computed.daily),
            "cap": money(computed.cap) if computed.cap is not None else "-",
        }


class ExemptionInline(ReadOnlyInline):
    model = Exemption
    fields = [
        "requested_at",
        "ground",
        "explanation",
        "obligation",
        "status",
        "outcome",
        "new_due_on",
        "reasons",
        "proposed_by",
        "decided_by",
        "decided_at",
        "documents",
    ]
    readonly_fields = fields

    @admin.display(description=_("documents"))
    def documents(self, obj):
        """The buyer's documents, each opened through the access-logged view."""
        links = format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse("aftercare:exemption_document", args=[d.pk]), str(d))
                for d in obj.documents.all()
            ),
        )
        return links or "-"


class ResaleInline(ReadOnlyInline):
    model = Resale
    fields = ["sold_on", "price", "verdict", "payment_due", "computed", "paid_on", "recorded_by"]
    readonly_fields = fields

    @admin.display(description=_("computation"))
    def computed(self, obj):
        data = obj.computation
        if data.get("method") == "profit_share":
            return _(
                "profit %(profit)s = %(price)s - %(purchase)s - renovation %(costs)s; "
                "%(percentage)s%% of the profit"
            ) % {
                "profit": money(data["profit"]),
                "price": money(obj.price),
                "purchase": money(data["purchase_price"]),
                "costs": money(data["renovation_costs"]),
                "percentage": data["percentage"],
            }
        if data.get("method") == "fixed_sum":
            return _("fixed sum %(amount)s") % {"amount": money(data["amount"])}
        return "-"


class DefaultNoticeInline(ReadOnlyInline):
    model = DefaultNotice
    fields = [
        "obligation",
        "due_on",
        "facts",
        "method",
        "sent_on",
        "notice_days",
        "comply_by",
        "letter",
        "created_by",
    ]
    readonly_fields = fields


class ResaleReportInline(ReadOnlyInline):
    model = ResaleReport
    fields = [
        "reported_at",
        "reporter",
        "reported_by",
        "sold_on",
        "price",
        "notary_name",
        "status",
        "decided_by",
        "reasons",
    ]
    readonly_fields = fields


class PenaltyClaimInline(ReadOnlyInline):
    model = PenaltyClaim
    fields = [
        "claimed_at",
        "obligation",
        "resale",
        "amount",
        "status",
        "proposal",
        "proposed_amount",
        "reasons",
        "proposed_by",
        "decided_by",
        "amount_due",
        "paid_on",
        "paid_amount",
        "claimed_by",
    ]
    readonly_fields = fields


class ReleaseInline(ReadOnlyInline):
    model = Release
    fields = [
        "proposed_at",
        "basis",
        "status",
        "proposed_by",
        "decided_by",
        "decided_at",
        "released_on",
        "statement_link",
    ]
    readonly_fields = fields

    @admin.display(description=_("release statement"))
    def statement_link(self, obj):
        letter = obj.statement
        if letter is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a> <code>{}</code>',
            reverse("admin:contracts_letter_pdf", args=[letter.pk]),
            letter.data["head"]["reference"],
            letter.sha256 or _("being prepared"),
        )


class BrpCheckInline(ReadOnlyInline):
    model = BrpCheck
    fields = ["checked_on", "checked_by", "source", "result", "note"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ScopedToOrganisationAdmin):
    organisation_path = "municipality"
    change_form_template = "admin/aftercare/case/change_form.html"
    list_display = ["property", "municipality", "transfer_date", "next_due", "accepted_on"]
    list_filter = [WorklistFilter]  # and the scoped filters of `get_list_filter`
    search_fields = ["property__reference", "property__street", "contract__reference"]
    list_select_related = ["property", "municipality"]
    readonly_fields = [
        "property",
        "contract",
        "buyer",
        "municipality",
        "sales_round",
        "transfer_date",
        "terms",
        "accepted_on",
        "deemed_accepted",
        "registered_on",
        "photo_consent",
    ]
    fields = readonly_fields
    inlines = [
        ObligationInline,
        ExemptionInline,
        DefaultNoticeInline,
        PenaltyClaimInline,
        ResaleReportInline,
        ResaleInline,
        ReleaseInline,
        BrpCheckInline,
    ]

    ordering = [F("next_due_on").asc(nulls_last=True), "pk"]
    # The worklist counts what it shows; counting every case again on each page is not needed.
    show_full_result_count = False
    # A worklist page a person works through; fewer rows render much faster (bench/README.md).
    list_per_page = 25

    def get_list_filter(self, request):
        # Their choices are read from the small tables (the user's municipalities, their
        # neighbourhoods and rounds), never by scanning the cases.
        return [
            WorklistFilter,
            _scoped_filter(
                request, "municipality", "municipality", _("municipality"), Organisation, "pk"
            ),
            _scoped_filter(
                request,
                "neighbourhood",
                "property__neighbourhood",
                _("neighbourhood"),
                Neighbourhood,
                "municipality",
            ),
            _scoped_filter(
                request, "round", "sales_round", _("sales round"), SalesRound, "municipality"
            ),
        ]

    @admin.display(description=_("next due"), ordering="next_due_on")
    def next_due(self, obj):
        return obj.next_due_on

    def has_add_permission(self, request):
        return False  # started by the transfer

    def has_change_permission(self, request, obj=None):
        return False  # every change is a button with its service

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        services.aftercare_apply_due()  # what the clock decided, before the list is read
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/act/<str:action>/",
                self.admin_site.admin_view(require_POST(self.act)),
                name="aftercare_case_act",
            ),
            path(
                "<int:pk>/dossier.pdf",
                self.admin_site.admin_view(require_GET(self.dossier_view)),
                name="aftercare_case_dossier",
            ),
            path(
                "<int:pk>/geschiedenis.csv",
                self.admin_site.admin_view(require_GET(self.history_csv)),
                name="aftercare_case_timeline",
            ),
            *super().get_urls(),
        ]

    def _case(self, request, pk):
        case = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, case):
            raise PermissionDenied
        return case

    def act(self, request, pk, action):
        case = self._case(request, pk)
        if not request.user.has_perm(services.MANAGE):
            raise PermissionDenied
        notice = selectors.current_notice(case)
        inspection = notice.inspections.order_by("-scheduled_for").first() if notice else None
        if action == "schedule":
            form, name = ScheduleForm(request.POST), "schedule_form"
            call = lambda d: services.inspection_schedule(  # noqa: E731
                notice=notice, actor=request.user, scheduled_for=d["scheduled_for"]
            )
            done = _("The appointment is recorded; the buyer sees it on their page.")
        elif action == "inspect" and inspection is not None:
            form = InspectionForm(request.POST, items=case.items.all())
            name = "inspection_form"
            call = lambda d: services.inspection_record(  # noqa: E731
                inspection=inspection,
                actor=request.user,
                performed_on=d["performed_on"],
                results=form.results(),
                accept=d["decision"] == "accept",
                defects=d["defects"],
                repair_by=d["repair_by"],
            )
            done = _("The inspection is recorded.")
        elif action == "return":
            form, name = ReturnForm(request.POST), "return_form"
            call = lambda d: services.notice_return(  # noqa: E731
                notice=notice, actor=request.user, reasons=d["reasons"]
            )
            done = _("The notice was returned to the buyer with your reasons.")
        elif action == "brp":
            form, name = BrpForm(request.POST), "brp_form"
            call = lambda d: services.brp_check_record(case=case, actor=request.user, **d)  # noqa: E731
            done = _("The BRP check is recorded.")
        elif action == "resale":
            form, name = ResaleForm(request.POST), "resale_form"
            call = lambda d: exemptions.resale_record(case=case, actor=request.user, **d)  # noqa: E731
            done = _("The resale is recorded with its computation.")
        elif action == "resale_paid":
            resale = case.resales.filter(paid_on=None, payment_due__gt=0).first()
            if resale is None:
                raise Http404
            form, name = ResalePaidForm(request.POST), "resale_paid_form"
            call = lambda d: exemptions.resale_payment_record(  # noqa: E731
                resale=resale, actor=request.user, paid_on=d["paid_on"]
            )
            done = _("The payment is recorded.")
        elif action in ("exemption_decide", "exemption_approve"):
            return self._exemption_act(request, case, action)
        elif action in PENALTY_ACTIONS:
            form, name, call, done = self._penalty_act(request, case, action)
        elif action in ("report_confirm", "report_set_aside"):
            report = release.open_reports(case).first()
            if report is None:
                raise Http404
            if action == "report_confirm":
                form, name = forms.Form(request.POST), "report_confirm_form"
                call = lambda d: release.resale_report_confirm(report=report, actor=request.user)  # noqa: E731
                done = _("The resale is recorded with its computation.")
            else:
                form, name = (
                    ReportSetAsideForm(request.POST, prefix="report"),
                    "report_set_aside_form",
                )
                call = lambda d: release.resale_report_set_aside(  # noqa: E731
                    report=report, actor=request.user, reasons=d["reasons"]
                )
                done = _("The report is set aside.")
        elif action == "release_propose":
            form, name = ReleaseProposeForm(request.POST, prefix="release"), "release_propose_form"
            call = lambda d: release.release_propose(case=case, actor=request.user, note=d["note"])  # noqa: E731
            done = _("The release is proposed; a second authorised person approves it.")
        elif action == "release_decide":
            proposed = release.open_release(case)
            if proposed is None:
                raise Http404
            form, name = (
                ReleaseDecisionForm(request.POST, prefix="release_decision"),
                "release_decision_form",
            )

            def call(d):
                if d["decision"] == ReleaseDecisionForm.APPROVE:
                    return release.release_approve(
                        release=proposed, actor=request.user, note=d["reasons"]
                    )
                return release.release_refuse(
                    release=proposed, actor=request.user, reasons=d["reasons"]
                )

            done = _("The decision is recorded.")
        else:
            raise Http404
        if notice is None and action in ("schedule", "inspect", "return"):
            raise Http404
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:aftercare_case_change", args=[pk]))
        # Refused: the page itself, with what was typed kept (as the contract page does).
        page_request = copy.copy(request)
        page_request.method = "GET"
        return self.change_view(
            page_request,
            str(case.pk),
            form_url=reverse("admin:aftercare_case_change", args=[pk]),
            extra_context={name: form},
        )

    def _penalty_act(self, request, case, action):
        """The form, the service call and the message of a notice-of-default or penalty
        action (issue #16)."""
        actor = request.user
        if action == "default_notice":
            form = DefaultNoticeForm(request.POST, case=case)
            return (
                form,
                "default_notice_form",
                lambda d: penalties.default_notice_send(actor=actor, **d),
                _("The notice of default is recorded and its letter issued; the term runs."),
            )
        if action == "claim":
            form = ClaimForm(request.POST, breaches=selectors.claimable_breaches(case))

            def call(d):
                row = form.breaches[d["breach"]]
                return penalties.penalty_claim_record(
                    case=case, actor=actor, notice=row["notice"], resale=row["resale"]
                )

            return form, "claim_form", call, _("The penalty claim is recorded.")
        if action == "claim_pay":
            form = ClaimPayForm(request.POST, case=case)
            return (
                form,
                "claim_pay_form",
                lambda d: penalties.penalty_claim_pay(actor=actor, **d),
                _("The payment is recorded."),
            )
        if action == "claim_propose":
            form = ClaimProposeForm(request.POST, case=case)
            return (
                form,
                "claim_propose_form",
                lambda d: penalties.penalty_claim_propose(actor=actor, **d),
                _("The proposal is recorded; a second authorised person decides on it."),
            )
        form = ClaimApprovalForm(request.POST, case=case)

        def decide(d):
            if d["decision"] == ClaimApprovalForm.APPROVE:
                return penalties.penalty_claim_approve(
                    claim=d["claim"], actor=actor, note=d["reasons"]
                )
            return penalties.penalty_claim_refuse_proposal(
                claim=d["claim"], actor=actor, reasons=d["reasons"]
            )

        return form, "claim_approval_form", decide, _("The decision is recorded.")

    @staticmethod
    def _release_blocked(case) -> str:
        """Why the home cannot be released today ("" when it can)."""
        if case.released_on is not None:
            return ""
        try:
            release.release_basis(case)
        except ValidationError as error:
            return " ".join(error.messages)
        return ""

    def dossier_view(self, request, pk):
        """The court dossier of the home as one PDF; the reading is access-logged."""
        case = self._case(request, pk)
        content = dossier.dossier_pdf(case)
        access_record(
            request,
            action=EXPORT,
            what="court dossier",
            reference=case.contract.reference,
            organisation_id=case.municipality_id,
            subject_user_id=case.buyer_id,
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="dossier-{case.contract.reference}.pdf"'
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def history_csv(self, request, pk):
        """The home's combined history (append-only records) as CSV; access-logged."""
        case = self._case(request, pk)
        access_record(
            request,
            action=EXPORT,
            what="aftercare history",
            reference=case.contract.reference,
            organisation_id=case.municipality_id,
            subject_user_id=case.buyer_id,
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="geschiedenis-{case.contract.reference}.csv"'
        )
        response["Cache-Control"] = "private, no-store"
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("When"), _("What"), _("By"), _("Detail")])
        for event in dossier.case_history(case):
            writer.writerow(
                [
                    timezone.localtime(event["at"]).isoformat(),
                    event["what"],
                    event["who"],
                    event["detail"],
                ]
            )
        return response

    def _exemption_act(self, request, case, action):
        """Decide on the open exemption request, or give the second approval (four eyes)."""
        exemption = selectors.open_exemption(case)
        if exemption is None:
            raise Http404
        if action == "exemption_decide":
            form, name = ExemptionDecisionForm(request.POST), "exemption_form"
            call = lambda d: exemptions.exemption_propose(  # noqa: E731
                exemption=exemption,
                actor=request.user,
                outcome=d["outcome"],
                reasons=d["reasons"],
                new_due_on=d["new_due_on"],
            )
        else:
            form, name = ExemptionApprovalForm(request.POST), "approval_form"

            def call(d):
                if d["decision"] == ExemptionApprovalForm.APPROVE:
                    return exemptions.exemption_approve(
                        exemption=exemption, actor=request.user, note=d["reasons"]
                    )
                return exemptions.exemption_refuse_proposal(
                    exemption=exemption, actor=request.user, reasons=d["reasons"]
                )

        if form.is_valid():
            try:
                call(form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(request, _("The decision is recorded."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:aftercare_case_change", args=[case.pk]))
        page_request = copy.copy(request)
        page_request.method = "GET"
        return self.change_view(
            page_request,
            str(case.pk),
            form_url=reverse("admin:aftercare_case_change", args=[case.pk]),
            extra_context={name: form},
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            notice = selectors.current_notice(obj)
            inspection = notice.inspections.order_by("-scheduled_for").first() if notice else None
            forms_ = {
                "schedule_form": (context.get("schedule_form") or ScheduleForm(), "act-schedule"),
                "inspection_form": (
                    context.get("inspection_form")
                    or InspectionForm(
                        items=obj.items.all(),
                        initial={"performed_on": timezone.localdate()},
                    ),
                    "act-inspect",
                ),
                "return_form": (context.get("return_form") or ReturnForm(), "act-return"),
                "exemption_form": (
                    context.get("exemption_form") or ExemptionDecisionForm(),
                    "act-exemption-decide",
                ),
                "approval_form": (
                    context.get("approval_form") or ExemptionApprovalForm(),
                    "act-exemption-approve",
                ),
                "resale_form": (context.get("resale_form") or ResaleForm(), "act-resale"),
                "resale_paid_form": (
                    context.get("resale_paid_form")
                    or ResalePaidForm(initial={"paid_on": timezone.localdate()}),
                    "act-resale-paid",
                ),
                "report_set_aside_form": (
                    context.get("report_set_aside_form") or ReportSetAsideForm(prefix="report"),
                    "act-report-set-aside",
                ),
                "release_propose_form": (
                    context.get("release_propose_form") or ReleaseProposeForm(prefix="release"),
                    "act-release-propose",
                ),
                "release_decision_form": (
                    context.get("release_decision_form")
                    or ReleaseDecisionForm(prefix="release_decision"),
                    "act-release-decide",
                ),
                "brp_form": (
                    context.get("brp_form")
                    or BrpForm(initial={"checked_on": timezone.localdate(), "source": "BRP"}),
                    "act-brp",
                ),
            }
            breaches = selectors.claimable_breaches(obj)
            forms_.update(
                {
                    "default_notice_form": (
                        context.get("default_notice_form")
                        or DefaultNoticeForm(case=obj, initial={"sent_on": timezone.localdate()}),
                        "act-default-notice",
                    ),
                    "claim_form": (
                        context.get("claim_form") or ClaimForm(breaches=breaches),
                        "act-claim",
                    ),
                    "claim_pay_form": (
                        context.get("claim_pay_form")
                        or ClaimPayForm(case=obj, initial={"paid_on": timezone.localdate()}),
                        "act-claim-pay",
                    ),
                    "claim_propose_form": (
                        context.get("claim_propose_form") or ClaimProposeForm(case=obj),
                        "act-claim-propose",
                    ),
                    "claim_approval_form": (
                        context.get("claim_approval_form") or ClaimApprovalForm(case=obj),
                        "act-claim-approve",
                    ),
                }
            )
            for name, (form, target) in forms_.items():
                for field in form.fields.values():
                    field.widget.attrs["form"] = target
                context[name] = form
            context.update(
                can_manage=request.user.has_perm(services.MANAGE),
                notice=notice,
                inspection=inspection,
                evidence=list(notice.evidence.select_related("item")) if notice else [],
                may_return=bool(
                    notice
                    and notice.status == rules.SUBMITTED
                    and notice.return_by
                    and timezone.localdate() <= notice.return_by
                    and not (inspection and inspection.performed_on)
                ),
                complete=services.notice_complete(notice) if notice else False,
                open_exemption=selectors.open_exemption(obj),
                unpaid_resale=obj.resales.filter(paid_on=None, payment_due__gt=0).first(),
                breaches=breaches,
                default_notices=list(
                    obj.default_notices.select_related("obligation", "letter", "created_by")
                ),
                penalty_claims=list(obj.penalty_claims.select_related("obligation", "proposed_by")),
                exemption_documents=(
                    list(selectors.open_exemption(obj).documents.all())
                    if selectors.open_exemption(obj)
                    else []
                ),
                open_report=release.open_reports(obj).first(),
                open_release=release.open_release(obj),
                approved_release=release.approved_release(obj),
                release_blocked=self._release_blocked(obj),
                history=dossier.case_history(obj)[-30:],
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(AftercareSettings)
class AftercareSettingsAdmin(ScopedToOrganisationAdmin):
    organisation_path = "municipality"
    list_display = ["municipality", "progress_report_months", "brp_registration_days"]
