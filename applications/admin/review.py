"""Staff review: a queue per round, the application with documents, findings, history and
notes, eligibility decisions with a reason (one by one or in bulk), and exports."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, Max, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications import selectors, services
from applications.export import csv_response, xlsx_response
from applications.models import Applicant, Application, Note, Offer, Preference, StatusChange
from klushuis.admin import ReadOnlyInline
from klushuis.formatting import day, euro, short_moment
from klushuis.organisations.admin import ScopedToOrganisationAdmin
from klushuis.organisations.selectors import scope_to_user
from klushuis.privacy.accesslog import EXPORT, VIEW, access_record
from properties.models import SalesRound


class ApplicantInline(ReadOnlyInline):
    model = Applicant
    fields = ["role", "given_names", "surname", "date_of_birth", "age", "email", "phone"]
    readonly_fields = fields

    @admin.display(description=_("age today"))
    def age(self, obj):
        return selectors.age_today(obj.date_of_birth) if obj.date_of_birth else "-"


class PreferenceInline(ReadOnlyInline):
    model = Preference
    fields = ["rank", "property", "covered", "figures_seen", "plan_summary"]
    readonly_fields = fields

    @admin.display(description=_("renovation plan"))
    def plan_summary(self, obj):
        plan = getattr(obj, "plan", None)
        if plan is None:
            return _("no plan")
        drawings = ""
        if plan.drawings:
            url = reverse("applications:drawings", args=[obj.application.reference, plan.pk])
            drawings = format_html(' · <a href="{}">{}</a>', url, _("drawings (PDF)"))
        return format_html(
            "{} · {}% {} · {} - {}{}<br><span>{}</span>",
            euro(plan.total_budget),
            plan.own_work_share,
            _("own work"),
            day(plan.planned_start),
            day(plan.planned_completion),
            drawings,
            plan.description[:400],
        )


class HistoryInline(ReadOnlyInline):
    model = StatusChange
    verbose_name_plural = _("history")
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


class NoteInline(admin.TabularInline):
    verbose_name_plural = _("notes (for staff only)")
    model = Note
    extra = 1
    can_delete = False
    fields = ["text", "author", "written_at"]
    readonly_fields = ["author", "written_at"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("when"))
    def written_at(self, note):
        # The empty row for a new note has no moment yet (not the page's loading time).
        return formats.localize(timezone.template_localtime(note.at)) if note.pk else "-"


class CompletenessFilter(admin.SimpleListFilter):
    title = _("financing statement")
    parameter_name = "statement"

    def lookups(self, request, model_admin):
        return [("yes", _("attached")), ("no", _("missing"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(financing_statement="")
        if self.value() == "no":
            return queryset.filter(financing_statement="")
        return queryset


class DuplicateFilter(admin.SimpleListFilter):
    """Flags applications that share an e-mail address with another one in the same round."""

    title = _("flags")
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [("duplicate", _("shares an e-mail with another application"))]

    def queryset(self, request, queryset):
        if self.value() != "duplicate":
            return queryset
        other = Applicant.objects.filter(
            application__sales_round=OuterRef("sales_round"),
            email__in=Applicant.objects.filter(application=OuterRef(OuterRef("pk"))).values(
                "email"
            ),
        ).exclude(application=OuterRef("pk"))
        return queryset.filter(Exists(other))


class OfferInline(ReadOnlyInline):
    """The application's offers; they change only through the offers page and the buyer."""

    model = Offer
    fields = [
        "property",
        "status",
        "source",
        "reserve_rank",
        "made_at",
        "respond_before",
        "decided_at",
        "reason",
        "deed_data",
    ]
    readonly_fields = fields
    verbose_name_plural = _("offers")

    @admin.display(description=_("data for the deed"))
    def deed_data(self, obj):
        return "; ".join(
            f"{p.applicant}: {p.place_of_birth}, {p.get_civil_status_display()}, {p.address_text()}"
            for p in obj.deed_parties.select_related("applicant")
        )


def _capitalise_labels(form):
    # As the admin writes the labels of model fields: "Reden", not "reden".
    for field in form.fields.values():
        field.label = capfirst(field.label)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("eligible", _("Eligible")), ("ineligible", _("Not eligible"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("reason (the buyer reads this)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _capitalise_labels(self)


def _selection(request, queryset) -> dict:
    """The filter of an export of selected rows: the list's own filter and how many ticked."""
    return {
        "selected": len(request.POST.getlist(ACTION_CHECKBOX_NAME)),
        "select_across": request.POST.get("select_across") == "1",
        # The list's filters, without a search term (which may be a name or an address).
        "list_filter": {
            k: v for k, v in request.GET.items() if k not in ("q", "_changelist_filters")
        },
        "searched": bool(request.GET.get("q")),
    }


class ExportForm(forms.Form):
    """What to include in an export; drafts are left out unless asked for."""

    sales_round = forms.ModelChoiceField(
        label=_("sales round"), queryset=None, required=False, empty_label=_("All rounds")
    )
    statuses = forms.MultipleChoiceField(
        label=_("applications with the status"),
        choices=Application.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[s for s in Application.Status.values if s != Application.Status.DRAFT],
        error_messages={"required": _("Choose at least one status.")},
    )
    file_format = forms.ChoiceField(
        label=_("file"),
        choices=[
            ("xlsx", _("Excel workbook (.xlsx)")),
            ("csv", _("CSV for Excel (semicolons, decimal comma)")),
        ],
        initial="xlsx",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sales_round"].queryset = rounds
        _capitalise_labels(self)


@admin.register(Application)
class ApplicationAdmin(ScopedToOrganisationAdmin):
    organisation_path = "sales_round__municipality"
    change_form_template = "admin/applications/application/change_form.html"
    change_list_template = "admin/applications/application/change_list.html"
    list_display = [
        "reference",
        "sales_round",
        "applicant_name",
        "status",
        "submitted_on",
        "preference_count",
        "statement",
    ]
    list_filter = [
        ("sales_round", admin.RelatedOnlyFieldListFilter),
        "status",
        CompletenessFilter,
        DuplicateFilter,
        "fee_status",
        "leaves_social_rental",
        "lives_or_works_locally",
    ]
    search_fields = ["reference", "applicants__email", "applicants__surname"]
    list_select_related = ["sales_round"]
    list_per_page = 50
    inlines = [ApplicantInline, PreferenceInline, OfferInline, NoteInline, HistoryInline]
    actions = ["decide_in_bulk", "export_csv", "export_xlsx"]
    fieldsets = [
        (None, {"fields": ["reference", "sales_round", "user", "status", "findings"]}),
        (
            _("Household"),
            {
                "fields": [
                    ("adults", "children"),
                    "current_housing",
                    "leaves_social_rental",
                    "lives_or_works_locally",
                    "owns_home",
                ]
            },
        ),
        (
            _("Financing"),
            {
                "fields": [
                    ("mortgage_amount", "own_funds_amount"),
                    "financing_provider",
                    "financing_date",
                    "statement_link",
                ]
            },
        ),
        (
            _("Declarations and fee"),
            {
                "fields": [
                    "declares_self_occupancy",
                    "declares_no_letting",
                    "declares_no_other_klushuis",
                    "fee_status",
                ]
            },
        ),
        (_("Dates"), {"fields": ["created_at", "submitted_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("applicants")
            .annotate(preference_total=Count("preferences", distinct=True))
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            application = self.get_object(request, object_id)
            access_record(
                request,
                action=VIEW,
                what="application",
                reference=application.reference,
                organisation_id=application.sales_round.municipality_id,
            )
        return response

    def get_readonly_fields(self, request, obj=None):
        # Staff never edit what the buyer declared; only the fee status is theirs to record.
        fields = [f.name for f in Application._meta.fields if f.name != "fee_status"]
        return [*fields, "findings", "statement_link", "mortgage_amount", "own_funds_amount"]

    @admin.display(description=_("maximum mortgage"))
    def mortgage_amount(self, obj):
        return euro(obj.max_mortgage) or "-"

    @admin.display(description=_("own funds"))
    def own_funds_amount(self, obj):
        return euro(obj.own_funds) or "-"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("applicant"))
    def applicant_name(self, obj):
        main = next((a for a in obj.applicants.all() if a.role == Applicant.Role.MAIN), None)
        return main.full_name if main else "-"

    @admin.display(description=_("submitted at"), ordering="submitted_at")
    def submitted_on(self, obj):
        # Short ("1-12-2026 11:56"): the long form would push columns out of a 1280 px window.
        return short_moment(obj.submitted_at) or "-"

    @admin.display(description=_("homes"), ordering="preference_total")
    def preference_count(self, obj):
        return obj.preference_total

    @admin.display(description=_("statement"), boolean=True)
    def statement(self, obj):
        return bool(obj.financing_statement)

    @admin.display(description=_("financing statement"))
    def statement_link(self, obj):
        if not obj.financing_statement:
            return _("missing")
        url = reverse("applications:financing_statement", args=[obj.reference])
        return format_html('<a href="{}">{}</a>', url, _("open PDF"))

    @admin.display(description=_("automatic checks"))
    def findings(self, obj):
        found = selectors.eligibility_findings(obj)
        return format_html(
            '<ul class="finding-list">{}</ul>',
            format_html_join(
                "",
                '<li class="{}">{} {}</li>',
                (
                    (
                        "finding-ok" if f.ok else "finding-fail",
                        "✓" if f.ok else "✗",
                        selectors.finding_message(f),
                    )
                    for f in found
                ),
            ),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is Note:
            for note in formset.save(commit=False):
                if note.pk is None and note.text.strip():
                    services.note_add(
                        application=form.instance, author=request.user, text=note.text
                    )
            return
        formset.save()

    # --- Decisions ---------------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="applications_application_export",
            ),
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="applications_application_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        application = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.review_application"):
            raise PermissionDenied
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.application_decide(
                    application=application,
                    eligible=form.cleaned_data["decision"] == "eligible",
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The decision is recorded."), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:applications_application_change", args=[pk])
                )
        return render(
            request,
            "admin/applications/application/decide.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Decide on eligibility"),
                "application": application,
                "form": form,
                "finding_messages": [
                    ("✓ " if f.ok else "✗ ") + selectors.finding_message(f)
                    for f in selectors.eligibility_findings(application)
                ],
            },
        )

    @admin.action(description=_("Decide on eligibility for the selected applications"))
    def decide_in_bulk(self, request, queryset):
        if not request.user.has_perm("applications.review_application"):
            raise PermissionDenied
        form = DecisionForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            for application in queryset:
                try:
                    services.application_decide(
                        application=application,
                        eligible=form.cleaned_data["decision"] == "eligible",
                        reason=form.cleaned_data["reason"],
                        actor=request.user,
                    )
                    done += 1
                except ValidationError as error:
                    refused.append(f"{application.reference}: {' '.join(error.messages)}")
            self.message_user(
                request,
                ngettext("%(count)d decision recorded.", "%(count)d decisions recorded.", done)
                % {"count": done},
                messages.SUCCESS,
            )
            for line in refused:
                self.message_user(request, line, messages.WARNING)
            return None
        return render(
            request,
            "admin/applications/application/decide_bulk.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Decide on eligibility"),
                "applications": queryset,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Export the selected applications (CSV)"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, csv_response, _selection(request, queryset))

    @admin.action(description=_("Export the selected applications (Excel)"))
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, xlsx_response, _selection(request, queryset))

    def export_view(self, request):
        """The export page: which round, which statuses, which file."""
        if not request.user.has_perm("applications.export_application"):
            raise PermissionDenied
        rounds = scope_to_user(
            SalesRound.objects.order_by("-opens_at"), request.user, "municipality"
        )
        form = ExportForm(request.GET if "file_format" in request.GET else None, rounds=rounds)
        if form.is_bound and form.is_valid():
            queryset = self.get_queryset(request).filter(status__in=form.cleaned_data["statuses"])
            if form.cleaned_data["sales_round"]:
                queryset = queryset.filter(sales_round=form.cleaned_data["sales_round"])
            respond = xlsx_response if form.cleaned_data["file_format"] == "xlsx" else csv_response
            chosen = form.cleaned_data["sales_round"]
            return self._export(
                request,
                queryset,
                respond,
                {
                    "sales_round": chosen.slug if chosen else "all",
                    "statuses": sorted(form.cleaned_data["statuses"]),
                    "format": form.cleaned_data["file_format"],
                },
            )
        return render(
            request,
            "admin/applications/application/export.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Export applications"),
                "form": form,
            },
        )

    def _export(self, request, queryset, respond, export_filter):
        if not request.user.has_perm("applications.export_application"):
            raise PermissionDenied
        ids = queryset.values("pk")
        rows = (
            Application.objects.filter(pk__in=ids)
            .select_related("sales_round")
            .prefetch_related("applicants", "preferences__property")
            .order_by("sales_round__slug", "reference")
        )
        # One query for the access log's row count and whose data it is: an export of one
        # municipality's data is that municipality's to audit.
        found = Application.objects.filter(pk__in=ids).aggregate(
            rows=Count("pk"),
            municipalities=Count("sales_round__municipality", distinct=True),
            municipality=Max("sales_round__municipality"),
        )
        access_record(
            request,
            action=EXPORT,
            what="applications",
            organisation_id=found["municipality"] if found["municipalities"] == 1 else None,
            detail={
                "filter": export_filter,
                "rows": found["rows"],
                "format": "xlsx" if respond is xlsx_response else "csv",
            },
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return respond(rows, f"inschrijvingen-{stamp}")
