"""The management site for corporation staff: the job catalogue, complexes and homes, offers,
applications with the allocation decision, agreements (addendum, inspection, rent schedule) and
the change register. Everything is scoped to the user's corporation; the buttons call the
services, which check who may act."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klushuis.admin import ReadOnlyInline
from klushuis.organisations.models import Organisation
from klushuis.organisations.selectors import organisation_list_for_user, scope_to_user
from klushuur import rules, selectors, services
from klushuur.models import (
    Addendum,
    Agreement,
    AgreementJob,
    Application,
    Change,
    Complex,
    Interest,
    Job,
    Offer,
    RentalHome,
)
from klushuur.responses import (
    pdf_response,
    photo_response,
    schedule_response,
    schedules_response,
)


class ScopedToCorporationAdmin(admin.ModelAdmin):
    """Rows of the user's own corporation only; foreign keys offer only its rows."""

    corporation_path = "corporation"

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, self.corporation_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        if db_field.related_model is Organisation:
            kwargs["queryset"] = organisation_list_for_user(user).filter(
                kind=Organisation.Kind.HOUSING_CORPORATION
            )
        elif db_field.related_model in (Complex, RentalHome, Job):
            kwargs["queryset"] = scope_to_user(
                db_field.related_model.objects.all(), user, "corporation"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Job:
            kwargs["queryset"] = scope_to_user(Job.objects.all(), request.user, "corporation")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=gettext_lazy("status history"))
    def status_history(self, obj):
        rows = services.history(obj).select_related("actor")
        return (
            format_html_join(
                "",
                "<div>{} · {} → {} · {} · {}</div>",
                (
                    (
                        f"{change.at:%d-%m-%Y %H:%M}",
                        change.from_status,
                        change.to_status,
                        change.actor or _("system"),
                        change.reason,
                    )
                    for change in rows
                ),
            )
            or "-"
        )

    def _object(self, request, pk):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        return obj

    def _done(self, request, obj, call, success):
        try:
            call()
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )


@admin.register(Job)
class JobAdmin(ScopedToCorporationAdmin):
    list_display = ["name", "kind", "location", "compensation_kind", "compensation_amount"]
    list_filter = ["kind", "compensation_kind"]
    fieldsets = [
        (None, {"fields": ["corporation", "name", "kind", "location", "weeks_to_complete"]}),
        (
            gettext_lazy("What it takes"),
            {
                "fields": [
                    "consent_needed",
                    "certification",
                    "materials_supplied",
                    "quality_requirements",
                    "choices",
                ]
            },
        ),
        (
            gettext_lazy("Compensation"),
            {"fields": ["compensation_kind", "compensation_amount", "compensation_months"]},
        ),
    ]


class HomeInline(admin.TabularInline):
    model = RentalHome
    fields = ["street", "house_number", "house_number_suffix", "postcode", "base_rent", "tenant"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complex)
class ComplexAdmin(ScopedToCorporationAdmin):
    list_display = ["name", "city", "corporation", "outside_needs_consent"]
    inlines = [HomeInline]


class ChangeRegisterInline(ReadOnlyInline):
    model = Change
    fk_name = "home"
    fields = ["description", "tenant", "location", "status", "requested_on", "outcome"]
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = gettext_lazy("change register (passes to the next tenant)")


@admin.register(RentalHome)
class RentalHomeAdmin(ScopedToCorporationAdmin):
    list_display = ["__str__", "complex", "base_rent", "tenant"]
    list_filter = [("complex", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["street", "postcode", "city"]
    raw_id_fields = ["tenant"]
    inlines = [ChangeRegisterInline]


@admin.register(Offer)
class OfferAdmin(ScopedToCorporationAdmin):
    change_form_template = "admin/klushuur/offer/change_form.html"
    list_display = ["title", "corporation", "home", "complex", "status", "published_at"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["jobs"]
    readonly_fields = ["status", "published_at", "status_history"]
    fields = [
        "corporation",
        "title",
        "slug",
        "home",
        "complex",
        "description",
        "conditions",
        "jobs",
        "status",
        "published_at",
        "status_history",
    ]

    def get_urls(self):
        return [
            path(
                "<int:pk>/act/<str:action>/",
                self.admin_site.admin_view(require_POST(self.act)),
                name="klushuur_offer_act",
            ),
            *super().get_urls(),
        ]

    def act(self, request, pk, action):
        offer = self._object(request, pk)
        targets = {"publish": rules.OFFER_PUBLISHED, "close": rules.OFFER_CLOSED}
        if action not in targets:
            raise Http404
        return self._done(
            request,
            offer,
            lambda: services.offer_transition(offer=offer, to=targets[action], actor=request.user),
            _("Done."),
        )


class DecisionForm(forms.Form):
    allocate = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("1", gettext_lazy("Allocate")), ("0", gettext_lazy("Do not allocate"))],
        coerce=lambda v: v == "1",
    )
    rule = forms.CharField(
        label=gettext_lazy("Rule applied"),
        max_length=300,
        help_text=gettext_lazy("From your allocation policy or the local housing regulation."),
    )
    ranking = forms.IntegerField(label=gettext_lazy("Ranking"), min_value=1, required=False)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Application)
class ApplicationAdmin(ScopedToCorporationAdmin):
    corporation_path = "offer__corporation"
    change_form_template = "admin/klushuur/application/change_form.html"
    list_display = ["user", "offer", "home", "status", "ranking", "created_at"]
    list_filter = ["status", ("offer", admin.RelatedOnlyFieldListFilter)]
    readonly_fields = [
        "offer",
        "user",
        "home",
        "jobs_chosen",
        "choices",
        "motivation",
        "status",
        "created_at",
        "allocation_rule",
        "ranking",
        "decision_reason",
        "decided_by",
        "decided_at",
        "status_history",
    ]
    fields = readonly_fields

    @admin.display(description=gettext_lazy("jobs chosen"))
    def jobs_chosen(self, obj):
        return ", ".join(job.name for job in obj.jobs.all())

    def has_add_permission(self, request):
        return False

    def render_change_form(self, request, context, *args, **kwargs):
        context["decision_form"] = context.get("decision_form") or DecisionForm()
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(require_POST(self.decide)),
                name="klushuur_application_decide",
            ),
            *super().get_urls(),
        ]

    def decide(self, request, pk):
        application = self._object(request, pk)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:klushuur_application_change", args=[application.pk])
            )
        return self._done(
            request,
            application,
            lambda: services.application_decide(
                application=application, actor=request.user, **form.cleaned_data
            ),
            _("The decision and its basis are recorded."),
        )


class AgreementJobInline(ReadOnlyInline):
    model = AgreementJob
    fields = [
        "job",
        "choice",
        "due_on",
        "compensation_kind",
        "compensation_amount",
        "compensation_months",
        "status",
        "report",
        "remarks",
        "accepted_on",
    ]
    readonly_fields = fields


class AddendumInline(ReadOnlyInline):
    model = Addendum
    fields = ["number", "rendering", "sha256", "signed_by_tenant_at", "signed_by_corporation_at"]
    readonly_fields = fields


@admin.register(Agreement)
class AgreementAdmin(ScopedToCorporationAdmin):
    corporation_path = "home__corporation"
    change_form_template = "admin/klushuur/agreement/change_form.html"
    list_display = ["home", "tenant", "base_rent", "starts_on"]
    actions = ["export_schedules_csv", "export_schedules_xlsx"]

    @admin.action(description=gettext_lazy("Export the rent schedules (CSV)"))
    def export_schedules_csv(self, request, queryset):
        return schedules_response(queryset, "csv")

    @admin.action(description=gettext_lazy("Export the rent schedules (Excel)"))
    def export_schedules_xlsx(self, request, queryset):
        return schedules_response(queryset, "xlsx")

    readonly_fields = ["application", "home", "tenant", "base_rent", "conditions", "starts_on"]
    fields = readonly_fields
    inlines = [AgreementJobInline, AddendumInline]

    def has_add_permission(self, request):
        return False

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context["latest_addendum"] = obj.addenda.order_by("-number").first()
            context["reported_jobs"] = obj.jobs.filter(status=rules.JOB_REPORTED).select_related(
                "job"
            )
            context["schedule"] = selectors.rent_schedule(obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/v<int:number>.pdf",
                view(self.addendum_pdf),
                name="klushuur_agreement_addendum_pdf",
            ),
            path(
                "<int:pk>/huurschema.<str:fmt>",
                view(self.schedule_export),
                name="klushuur_agreement_schedule",
            ),
            path(
                "<int:pk>/foto/<int:photo>/",
                view(self.photo),
                name="klushuur_agreement_photo",
            ),
            path(
                "<int:pk>/act/<str:action>/",
                view(require_POST(self.act)),
                name="klushuur_agreement_act",
            ),
            *super().get_urls(),
        ]

    def addendum_pdf(self, request, pk, number):
        agreement = self._object(request, pk)
        addendum = get_object_or_404(agreement.addenda, number=number, rendering="done")
        return pdf_response(addendum)

    def schedule_export(self, request, pk, fmt):
        return schedule_response(self._object(request, pk), fmt)

    def photo(self, request, pk, photo):
        agreement = self._object(request, pk)
        found = get_object_or_404(
            AgreementJob.photos.rel.related_model, pk=photo, job__agreement=agreement
        )
        return photo_response(found)

    def act(self, request, pk, action):
        agreement = self._object(request, pk)
        if action == "sign":
            addendum = agreement.addenda.order_by("-number").first()
            if addendum is None:
                raise Http404
            return self._done(
                request,
                agreement,
                lambda: services.addendum_sign(addendum=addendum, actor=request.user),
                _("Signed for the corporation."),
            )
        if action == "regenerate":
            return self._done(
                request,
                agreement,
                lambda: services.addendum_regenerate(agreement=agreement, actor=request.user),
                _("A new version of the addendum is being made; it needs signing again."),
            )
        if action in ("accept", "reject"):
            job = get_object_or_404(agreement.jobs, pk=request.POST.get("job") or 0)
            return self._done(
                request,
                agreement,
                lambda: services.job_inspect(
                    job=job,
                    actor=request.user,
                    accept=action == "accept",
                    remarks=request.POST.get("remarks", ""),
                ),
                _("The inspection is recorded."),
            )
        raise Http404


class AnswerForm(forms.Form):
    consent = forms.TypedChoiceField(
        label=gettext_lazy("Answer"),
        choices=[("1", gettext_lazy("Consent")), ("0", gettext_lazy("Refuse"))],
        coerce=lambda v: v == "1",
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons"), widget=forms.Textarea(attrs={"rows": 3})
    )


class EndForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=Change.Outcome.choices)
    amount = forms.DecimalField(
        label=gettext_lazy("Compensation asked"), min_value=0, decimal_places=2, initial=0
    )


@admin.register(Change)
class ChangeAdmin(ScopedToCorporationAdmin):
    corporation_path = "home__corporation"
    change_form_template = "admin/klushuur/change/change_form.html"
    list_display = ["description", "home", "tenant", "status", "requested_on", "court_from"]
    list_filter = ["status", "location"]
    readonly_fields = [
        "home",
        "tenant",
        "description",
        "location",
        "easy_to_undo",
        "requested_on",
        "status",
        "court_from",
        "answer",
        "answered_by",
        "answered_on",
        "reminded_on",
        "outcome",
        "end_compensation",
        "inspected_on",
        "status_history",
    ]
    fields = readonly_fields

    @admin.display(description=gettext_lazy("tenant may go to court from"))
    def court_from(self, obj):
        return services.change_court_from(obj) or "-"

    def has_add_permission(self, request):
        return False

    def render_change_form(self, request, context, *args, **kwargs):
        context["answer_form"], context["end_form"] = AnswerForm(), EndForm()
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self):
        return [
            path(
                "<int:pk>/act/<str:action>/",
                self.admin_site.admin_view(require_POST(self.act)),
                name="klushuur_change_act",
            ),
            *super().get_urls(),
        ]

    def act(self, request, pk, action):
        change = self._object(request, pk)
        form_class = {"answer": AnswerForm, "end": EndForm}.get(action)
        if form_class is None:
            raise Http404
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:klushuur_change_change", args=[pk]))
        data = form.cleaned_data
        if action == "answer":
            call = lambda: services.change_answer(  # noqa: E731
                change=change, actor=request.user, consent=data["consent"], reasons=data["reasons"]
            )
        else:
            call = lambda: services.change_end_inspection(  # noqa: E731
                change=change, actor=request.user, outcome=data["outcome"], amount=data["amount"]
            )
        return self._done(request, change, call, _("Recorded."))


@admin.register(Interest)
class InterestAdmin(ScopedToCorporationAdmin):
    list_display = ["user", "corporation", "available_time", "created_at"]
    readonly_fields = ["user", "corporation", "job_kinds", "skills", "available_time", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False
