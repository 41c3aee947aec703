"""Staff work with templates, the clause library and contracts in the admin. Every change of
state is a button that calls a service; nothing here writes a status itself."""

import copy

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from contracts import clauses, selectors, services
from contracts.forms import ClauseAdminForm, DatesForm, ReasonForm, SellerSignatureForm
from contracts.models import (
    Clause,
    ClauseVersion,
    Contract,
    ContractStatusChange,
    ContractVersion,
    DocumentTemplate,
    Letter,
    TemplateClause,
)
from klushuis.admin import ReadOnlyInline, held_scope
from klushuis.organisations.admin import ScopedToOrganisationAdmin
from klushuis.organisations.models import Organisation
from klushuis.organisations.selectors import organisation_list_for_user, scope_to_user
from klushuis.privacy.accesslog import DOWNLOAD, VIEW, access_record


class MunicipalityScopedAdmin(ScopedToOrganisationAdmin):
    """Staff pick only a municipality they work for, and cannot move a record to another."""

    organisation_path = "municipality"
    fixed_after_creation = ["municipality"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = organisation_list_for_user(request.user).filter(
                kind=Organisation.Kind.MUNICIPALITY
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fixed = self.fixed_after_creation if obj is not None else []
        return [*fixed, *super().get_readonly_fields(request, obj)]


class ClauseVersionInline(ReadOnlyInline):
    model = ClauseVersion
    fk_name = "clause"
    fields = ["number", "title", "created_at", "created_by"]
    readonly_fields = fields


@admin.register(Clause)
class ClauseAdmin(MunicipalityScopedAdmin):
    form = ClauseAdminForm
    fixed_after_creation = ["municipality", "key"]
    list_display = ["key", "title", "version", "municipality"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["key", "current__title", "current__body"]
    list_select_related = ["current", "municipality"]
    inlines = [ClauseVersionInline]
    readonly_fields = ["placeholders", "preview"]

    def get_fields(self, request, obj=None):
        return ["municipality", "key", "title", "body", "placeholders", "preview"]

    @admin.display(description=_("title"))
    def title(self, obj):
        return obj.current.title if obj.current else ""

    @admin.display(description=_("version"))
    def version(self, obj):
        return obj.current.number if obj.current else ""

    @admin.display(description=_("placeholders"))
    def placeholders(self, obj):
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><code>{{{}}}</code>: {}</li>", clauses.PLACEHOLDERS.items()),
        )

    @admin.display(description=_("preview"))
    def preview(self, obj):
        """The current wording as it prints, with the figures of the latest accepted offer of
        this municipality and a made-up buyer (or with the placeholders' names when there is
        none)."""
        if obj is None or obj.current is None:
            return "-"
        values = services.sample_values(obj.municipality)
        blocks = clauses.render(obj.current.body, values)
        return format_html(
            '<div class="clause-preview"><strong>{}</strong>{}</div>',
            obj.current.title,
            format_html_join("", "{}", ((services.block_html(block),) for block in blocks)),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.clause_revise(
            clause=obj,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            actor=request.user,
        )


class TemplateClauseFormSet(BaseInlineFormSet):
    """A template prints only its own municipality's clauses, whatever the request says."""

    def clean(self):
        super().clean()
        for form in self.forms:
            clause = form.cleaned_data.get("clause") if hasattr(form, "cleaned_data") else None
            if clause is not None and clause.municipality_id != self.instance.municipality_id:
                form.add_error(
                    "clause", _("This clause belongs to another municipality than the template.")
                )


class TemplateClauseInline(admin.TabularInline):
    model = TemplateClause
    formset = TemplateClauseFormSet
    extra = 0
    fields = ["order", "clause"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clause":
            template_id = request.resolver_match.kwargs.get("object_id")
            template = DocumentTemplate.objects.filter(pk=template_id).first()
            clauses_offered = Clause.objects.select_related("current", "municipality")
            if template is not None:
                clauses_offered = clauses_offered.filter(municipality=template.municipality)
            else:
                # A new template: its municipality is not chosen yet, so the clauses of every
                # municipality the user works for (the formset then holds them to the one).
                clauses_offered = scope_to_user(clauses_offered, request.user, "municipality")
            kwargs["queryset"] = clauses_offered
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(MunicipalityScopedAdmin):
    fixed_after_creation = ["municipality", "kind"]
    list_display = ["name", "kind", "municipality", "version", "updated_at"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter), "kind"]
    readonly_fields = ["version", "preview_link"]
    fields = [
        "municipality",
        "kind",
        "name",
        "version",
        "seller_address",
        "signatory_name",
        "signatory_title",
        "notary",
        "deposit_percentage",
        "deposit_days",
        "financing_condition_days",
        "transfer_days",
        "return_days",
        "notice_days",
        "default_penalty_percentage",
        "default_daily_penalty_percentage",
        "default_penalty_cap_percentage",
        "inspection_weeks",
        "preview_link",
    ]
    inlines = [TemplateClauseInline]

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        url = reverse("admin:contracts_documenttemplate_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Preview as PDF"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and (form.has_changed() or any(f.has_changed() for f in formsets)):
            services.template_touch(form.instance)

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview.pdf",
                self.admin_site.admin_view(self.preview_view),
                name="contracts_documenttemplate_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        template = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, template):
            raise PermissionDenied  # a juror or notary is staff, but reads no templates
        pdf = services.template_preview_pdf(template)
        return HttpResponse(pdf, content_type="application/pdf")


class ContractVersionInline(ReadOnlyInline):
    model = ContractVersion
    fields = [
        "number",
        "final",
        "rendering",
        "template_version",
        "sha256",
        "requirements_document",
        "requirements_sha256",
        "size",
        "created_at",
        "rendered_at",
        "download",
    ]
    readonly_fields = fields

    @admin.display(description=_("PDF"))
    def download(self, obj):
        if obj.rendering != ContractVersion.Rendering.DONE:
            return obj.error[:200] if obj.error else "-"
        url = reverse("admin:contracts_contract_version_pdf", args=[obj.contract_id, obj.number])
        return format_html('<a href="{}">{}</a>', url, _("Download"))


class ContractHistoryInline(ReadOnlyInline):
    model = ContractStatusChange
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


@admin.register(Contract)
class ContractAdmin(ScopedToOrganisationAdmin):
    class Media:
        js = ["js/upload-limit.js"]  # checks file sizes before sending

    organisation_path = "municipality"
    change_form_template = "admin/contracts/contract/change_form.html"
    list_display = ["reference", "property", "status", "transfer_date", "created_at"]
    list_filter = ["status", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["reference", "application__reference", "property__reference"]
    list_select_related = ["property"]
    readonly_fields = [
        "reference",
        "status",
        "offer",
        "application",
        "property",
        "municipality",
        "transfer_date",
        "notary",
        "deposit_due",
        "financing_condition_ends",
        "renovation_start_by",
        "renovation_completed_by",
        "sent_at",
        "return_by",
        "sent_version",
        "buyer_signed_at",
        "seller_signed_at",
        "handed_over_at",
        "cooling_off",
        "dissolved_at",
        "dissolution_kind",
        "dissolution_reason",
        "transferred_at",
    ]
    fields = readonly_fields
    inlines = [ContractVersionInline, ContractHistoryInline]

    def has_add_permission(self, request):
        return False  # made by the acceptance of an offer

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("cooling-off period"))
    def cooling_off(self, obj):
        state = selectors.cooling_off_state(obj)
        if state is None:
            return _("Starts when the signed agreement is handed to the buyer.")
        if not state["applies"]:
            return _(
                "Does not apply: the buyer dissolved a purchase of this home less than "
                "six months ago."
            )
        return _("Until the end of %(day)s (Europe/Amsterdam)") % {
            "day": services.dutch_day(state["last_day"])
        }

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/v<int:number>.pdf",
                view(self.version_pdf),
                name="contracts_contract_version_pdf",
            ),
            path(
                "<int:pk>/signed.pdf", view(self.signed_pdf), name="contracts_contract_signed_pdf"
            ),
            path(
                "<int:pk>/notary.pdf", view(self.notary_pdf), name="contracts_contract_notary_pdf"
            ),
            path(
                "<int:pk>/act/<str:action>/",
                view(require_POST(self.act)),
                name="contracts_contract_act",
            ),
            *super().get_urls(),
        ]

    def _contract(self, request, pk):
        """The contract, if the user works for its municipality and may read contracts: the
        admin's own login check lets in every staff account, jurors and notaries included."""
        contract = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, contract):
            raise PermissionDenied
        return contract

    def version_pdf(self, request, pk, number):
        contract = self._contract(request, pk)
        version = get_object_or_404(contract.versions, number=number, rendering="done")
        _record(request, contract, "purchase agreement", f"v{number}")
        return _pdf_response(version.pdf, f"{contract.reference}-v{number}.pdf")

    def signed_pdf(self, request, pk):
        contract = self._contract(request, pk)
        if not contract.signed_copy:
            raise Http404
        _record(request, contract, "signed purchase agreement")
        return _pdf_response(contract.signed_copy, f"{contract.reference}-getekend.pdf")

    def notary_pdf(self, request, pk):
        contract = self._contract(request, pk)
        letter = services.letter_stored(
            services.letter_issue(kind="notary_instruction", related=contract, offer=contract.offer)
        )
        if letter.rendering != letter.Rendering.DONE:
            raise Http404
        _record(request, contract, "instruction to the notary")
        return _pdf_response(letter.pdf, f"{contract.reference}-notaris.pdf")

    def act(self, request, pk, action):
        """The buttons on the contract page. Each calls one service."""
        contract = self._contract(request, pk)
        if not request.user.has_perm("contracts.manage_contracts"):
            raise PermissionDenied
        try:
            if action == "regenerate":
                services.contract_regenerate(contract=contract, actor=request.user)
                done = _("A new version is being made.")
            elif action == "dates":
                form = DatesForm(request.POST, instance=Contract.objects.get(pk=contract.pk))
                refused = self._submit(
                    request,
                    contract,
                    "dates_form",
                    form,
                    lambda data: services.contract_update_dates(
                        contract=contract,
                        actor=request.user,
                        **{f: data[f] for f in DatesForm.Meta.fields},
                    ),
                )
                if refused is not None:
                    return refused
                done = _("The dates are saved; a new version is being made.")
            elif action == "retry_render":
                services.contract_retry_render(contract=contract, actor=request.user)
                done = _("The PDF for signing is being made again.")
            elif action == "send":
                services.contract_send(contract=contract, actor=request.user)
                done = _("Sent: the buyer can download the agreement and has been e-mailed.")
            elif action == "buyer_signed":
                services.contract_record_buyer_signature(contract=contract, actor=request.user)
                done = _("The buyer's signature is recorded.")
            elif action == "seller_signed":
                refused = self._record_seller_signature(request, contract)
                if refused is not None:
                    return refused
                done = _("The signed copy and the handover are recorded.")
            elif action == "dissolve":
                refused = self._submit(
                    request,
                    contract,
                    "reason_form",
                    ReasonForm(request.POST),
                    lambda data: services.contract_dissolve_by_staff(
                        contract=contract,
                        actor=request.user,
                        reason=data["reason"],
                        kind=data["kind"],
                    ),
                )
                if refused is not None:
                    return refused
                done = _("The agreement is dissolved; the home went to the next reserve.")
            elif action == "transfer":
                services.contract_transfer(contract=contract, actor=request.user)
                done = _("The transfer is recorded.")
            else:
                raise Http404
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:contracts_contract_change", args=[pk]))

    def _record_seller_signature(self, request, contract):
        """The signed copy and the handover; a refused form is answered with the page and
        its errors, the signed copy held for this user and contract (None when recorded)."""
        form = SellerSignatureForm(
            request.POST,
            request.FILES,
            held_user=request.user,
            held_scope=f"{held_scope(Contract, contract)}:seller_signed",
        )
        if form.is_valid():
            try:
                services.contract_record_seller_signature(
                    contract=contract,
                    actor=request.user,
                    signed_copy=form.cleaned_data["signed_copy"],
                    handed_over_at=form.cleaned_data["handed_over_at"],
                )
            except ValidationError as error:
                # Above the page: the form may not be shown in the contract's new status.
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
                form.hold_uploads()
            else:
                form.release_held_uploads()
                return None
        return self._refused_page(request, contract, "seller_form", form)

    def _submit(self, request, contract, name, form, service):
        """A button with a form: the service is called with the form's cleaned data. A
        refused form is answered with the page, its errors beside the fields; a refusal
        from the service goes above the page. Either way the typed values stay (None when
        done)."""
        if form.is_valid():
            try:
                service(form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                return None
        return self._refused_page(request, contract, name, form)

    def _refused_page(self, request, contract, name, form):
        """The contract's page answers the POST itself (status 200, as any refused form), the
        refused form in the context under `name` so what was typed is kept; as a GET, so the
        admin does not take the POST for a save of the contract's own form."""
        page_request = copy.copy(request)
        page_request.method = "GET"
        change_url = reverse("admin:contracts_contract_change", args=[contract.pk])
        return self.change_view(
            page_request, str(contract.pk), form_url=change_url, extra_context={name: form}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            contract = self.get_object(request, object_id)
            access_record(
                request,
                action=VIEW,
                what="purchase agreement",
                reference=contract.reference,
                organisation_id=contract.municipality_id,
            )
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # Rendered inside the admin's own form (forms cannot nest): each input names the
            # form outside it that its button submits. A refused form comes in the context.
            forms = {
                "dates_form": (context.get("dates_form") or DatesForm(instance=obj), "act-dates"),
                "seller_form": (
                    context.get("seller_form") or SellerSignatureForm(),
                    "act-seller_signed",
                ),
                "reason_form": (context.get("reason_form") or ReasonForm(), "act-dissolve"),
            }
            for name, (form, target) in forms.items():
                for field in form.fields.values():
                    field.widget.attrs["form"] = target
                context[name] = form
            context["can_manage"] = request.user.has_perm("contracts.manage_contracts")
            context["latest"] = selectors.latest_version(obj)
            context["sent_version"] = selectors.contract_sent_version(obj)
            context["signing_waits"] = selectors.contract_signing_waits(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Letter)
class LetterAdmin(ScopedToOrganisationAdmin):
    """The letter archive: every letter as it was sent, read-only, with its stored PDF and its
    SHA-256, so staff can show what a buyer or notary received."""

    organisation_path = "template__municipality"
    list_display = ["created_at", "kind", "reference", "recipient", "rendering", "download"]
    list_filter = [
        "kind",
        "rendering",
        ("template__municipality", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["application__reference", "recipient"]
    list_select_related = ["application", "template__municipality"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        "reference",
        "recipient",
        "municipality",
        "template",
        "template_version",
        "created_at",
        "rendering",
        "rendered_at",
        "sha256",
        "download",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # issued by the services when a letter is sent

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("application"), ordering="application__reference")
    def reference(self, obj):
        return obj.application.reference if obj.application_id else obj.data["head"]["reference"]

    @admin.display(description=_("municipality"))
    def municipality(self, obj):
        return obj.template.municipality

    @admin.display(description=_("PDF"))
    def download(self, obj):
        url = reverse("admin:contracts_letter_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/pdf/", view(self.pdf), name="contracts_letter_pdf"),
            *super().get_urls(),
        ]

    def pdf(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # A letter whose task has not run yet is rendered now, from its recorded data.
        letter = services.letter_stored(get_object_or_404(self.get_queryset(request), pk=pk))
        if letter.rendering != Letter.Rendering.DONE:
            raise Http404
        access_record(
            request,
            action=DOWNLOAD,
            what="letter",
            reference=f"{self.reference(letter)} {letter.kind}",
            organisation_id=letter.template.municipality_id,
        )
        return _pdf_response(letter.pdf, f"{self.reference(letter)}-{letter.kind}.pdf")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            letter = self.get_object(request, object_id)
            access_record(
                request,
                action=VIEW,
                what="letter",
                reference=f"{self.reference(letter)} {letter.kind}",
                organisation_id=letter.template.municipality_id,
            )
        return response


def _record(request, contract, what, suffix=""):
    access_record(
        request,
        action=DOWNLOAD,
        what=what,
        reference=f"{contract.reference} {suffix}".strip(),
        organisation_id=contract.municipality_id,
    )


def _pdf_response(field, filename):
    response = FileResponse(field.open("rb"), content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response
