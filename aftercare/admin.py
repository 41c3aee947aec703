"""Staff work on aftercare in the management site (behind the second factor, like all staff
work): the cases list is the worklist (due this month, overdue, awaiting inspection, awaiting a
BRP check; filtered by municipality, neighbourhood and round), scoped to the user's
organisations; a case's page schedules and records inspections item by item, returns an
incomplete notice and records BRP checks. Each button calls one service."""

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from aftercare import rules, selectors, services
from aftercare.models import AftercareSettings, BrpCheck, Case, InspectionResult, Obligation
from klushuis.admin import ReadOnlyInline
from klushuis.organisations.admin import ScopedToOrganisationAdmin
from klushuis.organisations.models import Organisation
from klushuis.organisations.selectors import scope_to_user
from properties.models import Neighbourhood, SalesRound


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
    fields = ["kind", "sequence", "due_on", "status", "done_on", "state"]
    readonly_fields = fields

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.shown_state()


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
    inlines = [ObligationInline, BrpCheckInline]

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
        else:
            raise Http404
        if notice is None and action != "brp":
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
                "brp_form": (
                    context.get("brp_form")
                    or BrpForm(initial={"checked_on": timezone.localdate(), "source": "BRP"}),
                    "act-brp",
                ),
            }
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
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(AftercareSettings)
class AftercareSettingsAdmin(ScopedToOrganisationAdmin):
    organisation_path = "municipality"
    list_display = ["municipality", "progress_report_months", "brp_registration_days"]
