from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import (
    AdminSplitDateTime,
    FilteredSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from klushuis.accounts.selectors import users_with_permission
from klushuis.admin import (
    HeldUploadsAdmin,
    HeldUploadsInline,
    HeldUploadsInlineMixin,
    NamedFileInput,
    ReadOnlyInline,
    file_size,
)
from klushuis.formatting import euro, short_moment
from klushuis.organisations.admin import ScopedToOrganisationAdmin
from klushuis.organisations.models import Organisation
from klushuis.organisations.selectors import (
    organisation_ids_for_user,
    organisation_list_for_user,
    scope_to_user,
)
from klushuis.uploads import (
    JPEG,
    PDF,
    PNG,
    WEBP,
    detect_type,
    prepare_pdf,
    safe_name,
    validate_upload,
)
from klushuis.uploads.forms import HeldUploadsMixin
from klushuis.uploads.limits import size_limited
from klushuis.widgets import AmountInput
from properties import rules, services
from properties.models import (
    AlertSubscription,
    AssessmentCriterion,
    Neighbourhood,
    Property,
    PropertyDocument,
    PropertyFigures,
    PropertyPhoto,
    PropertyStatusChange,
    RoundProperty,
    SalesRound,
    ViewingDay,
)

JUROR_PERMISSION = "applications.assess_plan"
NOTARY_PERMISSION = "applications.draw_lottery"
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 25 * 1024 * 1024


def _limit_to_scope(db_field, request, kwargs):
    """Foreign keys to organisations offer only the ones the user works for."""
    if db_field.related_model is Organisation:
        qs = organisation_list_for_user(request.user)
        if db_field.name == "bureau":
            # Also the bureaus the user's own organisation gave a mandate: municipal staff
            # must see (and keep) the bureau that runs their round, or saving it unchanged
            # would clear it.
            if request.user.organisation_id is not None:
                given = Q(mandates_held__principal_id=request.user.organisation_id)
                qs = Organisation.objects.filter(Q(pk__in=qs) | given).distinct()
            qs = qs.filter(kind=Organisation.Kind.ADVISORY_BUREAU)
        else:
            qs = qs.exclude(kind=Organisation.Kind.ADVISORY_BUREAU)
        kwargs["queryset"] = qs
    elif db_field.related_model is Neighbourhood:
        kwargs["queryset"] = scope_to_user(
            Neighbourhood.objects.select_related("municipality"), request.user, "municipality"
        )
    return kwargs


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(ScopedToOrganisationAdmin):
    organisation_path = "municipality"
    list_display = ["name", "municipality"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **_limit_to_scope(db_field, request, kwargs)
        )


# --- Property ----------------------------------------------------------------------------------


class PropertyAdminForm(HeldUploadsMixin, forms.ModelForm):
    """The property with its figures. Changing a figure appends a version (see services)."""

    purchase_price = forms.DecimalField(
        label=_("purchase price (€)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=AmountInput,
    )
    price_condition = forms.ChoiceField(
        label=_("price condition"), choices=PropertyFigures.PriceCondition.choices
    )
    valuation = forms.DecimalField(
        label=_("valuation (€)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        widget=AmountInput,
    )
    minimum_renovation_budget = forms.DecimalField(
        label=_("minimum renovation budget (€)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=AmountInput,
    )
    budget_basis_author = forms.CharField(
        label=_("estimate made by"), max_length=200, help_text=_("Who estimated the cost.")
    )
    budget_basis_date = forms.DateField(
        label=_("estimate date"),
        # A date input takes only ISO dates; the Dutch format would leave it blank.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    budget_own_work_share = forms.IntegerField(
        label=_("assumed own work (%)"), min_value=0, max_value=100
    )
    budget_basis_notes = forms.CharField(
        label=_("basis of the estimate"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    figures_reason = forms.CharField(
        label=_("reason for changing the figures"),
        required=False,
        max_length=300,
        help_text=_("Required when the figures of a public property change; it is kept."),
    )

    class Meta:
        model = Property
        fields = [
            "municipality", "reference", "title", "street", "house_number", "house_letter",
            "house_number_addition", "postcode", "city", "neighbourhood",
            "cadastral_municipality", "cadastral_section", "cadastral_parcel",
            "cadastral_apartment_index", "plot_area_m2", "living_area_m2", "year_built",
            "tenure", "leasehold_terms", "energy_label", "description",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.current_figures if self.instance.pk else None
        if current is not None:
            for name in services.FIGURE_FIELDS:
                self.initial.setdefault(name, getattr(current, name))

    def clean_postcode(self):
        return rules.normalise_postcode(self.cleaned_data["postcode"])

    def clean_cadastral_municipality(self):
        return self.cleaned_data["cadastral_municipality"].strip().upper()

    def clean_cadastral_section(self):
        return self.cleaned_data["cadastral_section"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        municipality, neighbourhood = cleaned.get("municipality"), cleaned.get("neighbourhood")
        if municipality and neighbourhood and neighbourhood.municipality_id != municipality.pk:
            self.add_error(
                "neighbourhood", _("This neighbourhood belongs to another municipality.")
            )
        current = self.instance.current_figures if self.instance.pk else None
        changed = current is not None and any(
            getattr(current, name) != cleaned.get(name) for name in services.FIGURE_FIELDS
        )
        if changed and self.instance.is_public and not cleaned.get("figures_reason", "").strip():
            self.add_error(
                "figures_reason", _("Say why the figures change: buyers may have seen them.")
            )
        if (
            cleaned.get("tenure") == Property.Tenure.LEASEHOLD
            and not cleaned.get("leasehold_terms", "").strip()
        ):
            self.add_error("leasehold_terms", _("A leasehold needs its terms."))
        return cleaned

    def figures(self):
        return {name: self.cleaned_data.get(name) for name in services.FIGURE_FIELDS}


def _new_file(value):
    """A file chosen in this post or held from a refused one (not the one already saved)."""
    return bool(value) and hasattr(value, "content_type")


class PhotoForm(HeldUploadsInlineMixin, forms.ModelForm):
    class Meta:
        model = PropertyPhoto
        fields = ["image", "alt_text", "position"]
        widgets = {"image": NamedFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        photo = self.instance
        size = {"width": photo.width, "height": photo.height}
        self.fields["image"].widget.display_name = (
            _("Photo %(width)s by %(height)s pixels") % size if photo.width else _("Photo")
        )
        size_limited(self.fields["image"], MAX_PHOTO_BYTES)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and hasattr(image, "content_type"):  # a new upload
            validate_upload(image, allowed={JPEG, PNG, WEBP}, max_bytes=MAX_PHOTO_BYTES)
        return image

    def _post_clean(self):
        super()._post_clean()
        image = self.cleaned_data.get("image")
        if _new_file(image):
            # Stored under a generated name; the upload keeps the name staff chose, which a
            # held file shows after a refused save.
            name = safe_name("photo", image.name, detect_type(image)).split("/", 1)[1]
            self.instance.image = File(image, name=name)


class DocumentForm(HeldUploadsInlineMixin, forms.ModelForm):
    class Meta:
        model = PropertyDocument
        fields = ["kind", "title", "file"]
        widgets = {"file": NamedFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].widget.display_name = f"{self.instance.title}.pdf"
        size_limited(self.fields["file"], MAX_DOCUMENT_BYTES)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):
            # Refused here when it is no PDF or cannot be sanitised.
            validate_upload(upload, allowed={PDF}, max_bytes=MAX_DOCUMENT_BYTES)
        return upload

    def _post_clean(self):
        super()._post_clean()
        upload = self.cleaned_data.get("file")
        if not _new_file(upload):
            return
        # A new upload or a held one: published, the sanitised copy; kept privately, the
        # original and its hash (the same for both, as prepare_pdf reads the original).
        try:
            prepared = prepare_pdf(upload)
        except ValidationError as error:
            self.add_error("file", error)
            return
        name = safe_name("document", upload.name, PDF).split("/", 1)[1]
        self.instance.file = ContentFile(prepared.sanitised, name=name)
        self.instance.file_original = ContentFile(prepared.original, name=name)
        self.instance.file_sha256 = prepared.sha256
        self.instance.size = len(prepared.sanitised)


class PhotoInline(HeldUploadsInline, admin.TabularInline):
    model = PropertyPhoto
    form = PhotoForm
    extra = 0
    fields = ["preview", "image", "alt_text", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.pk:
            return "-"
        url = reverse(
            "properties:property_photo_thumb" if photo.thumbnail else "properties:property_photo",
            args=[photo.property.reference, photo.pk],
        )
        return format_html('<img src="{}" alt="" width="120">', url)


class DocumentInline(HeldUploadsInline, admin.TabularInline):
    model = PropertyDocument
    form = DocumentForm
    extra = 0
    fields = ["kind", "title", "file", "stored_size", "uploaded"]
    readonly_fields = ["stored_size", "uploaded"]

    @admin.display(description=_("size"))
    def stored_size(self, document):
        # Only a saved document has a file: after a refused save the size of the chosen file
        # would read as if it were kept.
        return file_size(document.size) if document.pk else "-"

    @admin.display(description=PropertyDocument._meta.get_field("uploaded_at").verbose_name)
    def uploaded(self, document):
        # Short, so the column fits beside the others; a new row has no moment yet.
        return short_moment(document.uploaded_at) if document.pk else "-"

    def has_delete_permission(self, request, obj=None):
        # Buyers may have relied on a document; it is replaced by a new one, not removed.
        return False


class FiguresHistoryInline(ReadOnlyInline):
    model = PropertyFigures
    fk_name = "property"
    verbose_name_plural = _("figures history (every version shown to buyers)")
    fields = [
        "version", "created_at", "created_by", "price", "price_condition", "budget",
        "budget_basis_author", "budget_basis_date", "budget_own_work_share", "reason",
    ]  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("purchase price"))
    def price(self, figures):
        return euro(figures.purchase_price)

    @admin.display(description=_("minimum renovation budget"))
    def budget(self, figures):
        return euro(figures.minimum_renovation_budget)


class StatusHistoryInline(ReadOnlyInline):
    model = PropertyStatusChange
    verbose_name_plural = _("status history")
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


def _transition_action(target, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        done = 0
        for prop in queryset:
            try:
                services.property_transition(property=prop, to=target, actor=request.user)
                done += 1
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{prop.reference}: {' '.join(error.messages)}", messages.ERROR
                )
        if done:
            modeladmin.message_user(
                request,
                ngettext("%(count)d home changed.", "%(count)d homes changed.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    action.__name__ = f"make_{target}"
    return action


# The moves staff make by hand on a home's page; the others follow from its sales round.
STATUS_MOVES = {
    rules.PUBLISHED: (_("Publish in the catalogue"), _("The home is now in the catalogue.")),
    rules.DRAFT: (_("Back to draft"), _("The home is a draft again: no longer in the catalogue.")),
    rules.WITHDRAWN: (_("Withdraw from sale"), _("The home is withdrawn from sale.")),
}
HAND_MOVED = {rules.DRAFT, rules.PUBLISHED, rules.WITHDRAWN}


@admin.register(Property)
class PropertyAdmin(HeldUploadsAdmin, ScopedToOrganisationAdmin):
    class Media:
        js = ["js/upload-limit.js"]  # checks file sizes before sending

    form = PropertyAdminForm
    change_form_template = "admin/properties/property/change_form.html"
    organisation_path = "municipality"
    list_display = [
        "reference", "home_address", "neighbourhood", "status", "price", "renovation_budget",
        "living_area",
    ]  # fmt: skip
    list_filter = [
        "status",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        ("neighbourhood", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["neighbourhood", "current_figures", "municipality"]
    search_fields = ["reference", "street", "postcode", "city"]
    readonly_fields = ["status", "public_page"]
    inlines = [PhotoInline, DocumentInline, FiguresHistoryInline, StatusHistoryInline]
    actions = [
        _transition_action(rules.PUBLISHED, _("Publish in the catalogue")),
        _transition_action(rules.WITHDRAWN, _("Withdraw from sale")),
        _transition_action(rules.DRAFT, _("Back to draft")),
    ]
    fieldsets = [
        (None, {"fields": ["municipality", "reference", "title", "status", "public_page"]}),
        (
            _("Address"),
            {
                "fields": [
                    ("street", "house_number", "house_letter", "house_number_addition"),
                    ("postcode", "city"),
                    "neighbourhood",
                ]
            },
        ),
        (
            _("Cadastral designation"),
            {
                "fields": [
                    (
                        "cadastral_municipality",
                        "cadastral_section",
                        "cadastral_parcel",
                        "cadastral_apartment_index",
                    )
                ]
            },
        ),
        (
            _("The home"),
            {
                "fields": [
                    ("living_area_m2", "plot_area_m2", "year_built", "energy_label"),
                    "tenure",
                    "leasehold_terms",
                    "description",
                ]
            },
        ),
        (
            _("Figures shown to buyers (versioned)"),
            {
                "fields": [
                    ("purchase_price", "price_condition", "valuation"),
                    "minimum_renovation_budget",
                    ("budget_basis_author", "budget_basis_date", "budget_own_work_share"),
                    "budget_basis_notes",
                    "figures_reason",
                ]
            },
        ),
    ]

    @admin.display(description=_("purchase price"), ordering="current_figures__purchase_price")
    def price(self, obj):
        return euro(obj.current_figures.purchase_price) if obj.current_figures else "-"

    @admin.display(
        description=_("min. budget"), ordering="current_figures__minimum_renovation_budget"
    )
    def renovation_budget(self, obj):
        return euro(obj.current_figures.minimum_renovation_budget) if obj.current_figures else "-"

    @admin.display(description=_("address"), ordering="street")
    def home_address(self, obj):
        return obj.address

    @admin.display(description=_("living area"), ordering="living_area_m2")
    def living_area(self, obj):
        return f"{obj.living_area_m2} m²" if obj.living_area_m2 else "-"

    @admin.display(description=_("page on the site"))
    def public_page(self, obj):
        if not obj.pk:
            return "-"
        url = reverse("properties:property_detail", args=[obj.reference])
        label = _("View page") if obj.is_public else _("Preview (not public yet)")
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, label)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **_limit_to_scope(db_field, request, kwargs)
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/status/<str:target>/",
                self.admin_site.admin_view(require_POST(self.status_view)),
                name="properties_property_status",
            ),
            *super().get_urls(),
        ]

    def status_view(self, request, pk, target):
        """The status buttons on a home's page: one service call, a message in words."""
        home = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, home):
            raise PermissionDenied
        if target not in STATUS_MOVES:
            raise Http404
        if home.status not in HAND_MOVED:
            # A home in a sales round moves with its round, not by hand.
            self.message_user(
                request, _("This home moves with its sales round, not by hand."), messages.ERROR
            )
        else:
            self._move(request, home, target)
        return HttpResponseRedirect(reverse("admin:properties_property_change", args=[pk]))

    def _move(self, request, home, target):
        try:
            services.property_transition(property=home, to=target, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, STATUS_MOVES[target][1], messages.SUCCESS)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        movable = obj is not None and obj.status in HAND_MOVED
        if movable and self.has_change_permission(request, obj):
            context["status_moves"] = [
                (target, label)
                for target, (label, _done) in STATUS_MOVES.items()
                if rules.property_transition_allowed(obj.status, target)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.property_figures_update(
            property=obj,
            figures=form.figures(),
            actor=request.user,
            reason=form.cleaned_data.get("figures_reason", ""),
        )

    def save_formset(self, request, form, formset, change):
        instances = formset.save()
        if formset.model is PropertyPhoto:
            changed = {f.instance.pk for f in formset.forms if "image" in f.changed_data}
            for photo in instances:
                if photo.pk in changed:
                    services.property_photo_saved(photo=photo)


# --- Sales round -------------------------------------------------------------------------------


RULE_FIELDS = [
    "municipality", "slug", "opens_at", "closes_at", "registration_fee", "minimum_age",
    "one_application_per_household", "financing_must_cover_budget", "max_preferences",
    "first_time_buyers_only", "selection_method", "priority_social_rental",
    "extra_tickets_local", "lottery_value_description", "lottery_value_format",
    "offer_response_days", "assessment_min_score", "renovation_start_months",
    "renovation_completion_months", "self_occupancy_years", "anti_speculation",
    "anti_speculation_years", "anti_speculation_percentage", "anti_speculation_amount",
    "penalty_amount", "penalty_daily_amount", "penalty_cap",
]  # fmt: skip


# The public value of the draw, as staff choose it; the round keeps the pattern the notary's
# entry is checked against (applications.lottery.services).
LOTTERY_VALUE_FORMATS = {
    "three_numbers": (
        _("Three numbers from 1 to 99, written as 4-17-23"),
        r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$",
    ),
    "four_numbers": (
        _("Four numbers from 1 to 99, written as 4-17-23-8"),
        r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$",
    ),
    "five_numbers": (
        _("Five numbers from 1 to 99, written as 4-17-23-8-51"),
        r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$",
    ),
    "six_digits": (_("Six digits, written as 048213"), r"^[0-9]{6}$"),
}
KEEP_PATTERN = "keep"


def lottery_value_format_label(pattern):
    for label, known in LOTTERY_VALUE_FORMATS.values():
        if known == pattern:
            return label
    return _("A format of its own (%(pattern)s)") % {"pattern": pattern}


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each named for screen readers ("Inschrijving opent:
    datum"): the visible "Datum:" and "Tijd:" are not labels of the boxes."""

    def __init__(self, label, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("%(field)s: date") % {"field": label}
        self.widgets[1].attrs["aria-label"] = _("%(field)s: time") % {"field": label}


class LabelledDateTimes:
    """Admin mixin: every date-and-time field gets LabelledSplitDateTime."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs["widget"] = LabelledSplitDateTime(capfirst(db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class SalesRoundAdminForm(forms.ModelForm):
    # Only accounts holding the notary's permission are offered, and the field refuses any
    # other id sent to the server: a round's notaries are the only people who can draw it.
    notaries = forms.ModelMultipleChoiceField(
        queryset=users_with_permission(NOTARY_PERMISSION),
        required=False,
        label=capfirst(SalesRound._meta.get_field("notaries").verbose_name),
        help_text=SalesRound._meta.get_field("notaries").help_text,
        # Wrapped as the admin wraps its own pickers, so the label stays beside the boxes.
        widget=RelatedFieldWidgetWrapper(
            FilteredSelectMultiple(_("notaries"), is_stacked=False),
            SalesRound._meta.get_field("notaries").remote_field,
            admin.site,
            can_add_related=False,
            can_change_related=False,
            can_delete_related=False,
            can_view_related=False,
        ),
    )
    lottery_value_format = forms.ChoiceField(
        label=_("public value of the lottery: format"),
        help_text=_("The notary's entry at the draw must have this format."),
    )

    class Meta:
        model = SalesRound
        fields = [
            "name", "slug", "municipality", "bureau", "introduction", "opens_at", "closes_at",
            "information_meeting_at", "information_meeting_place",
            # The lottery value's format is a declared field, not one of the model's.
            *[name for name in RULE_FIELDS[4:] if name != "lottery_value_format"],
        ]  # fmt: skip
        labels = {"slug": _("web address")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("lottery_value_format")
        if field is None:
            return
        choices = [(key, label) for key, (label, _pattern) in LOTTERY_VALUE_FORMATS.items()]
        current = self.instance.lottery_value_pattern
        known = {pattern: key for key, (_label, pattern) in LOTTERY_VALUE_FORMATS.items()}
        if current in known:
            field.initial = known[current]
        else:
            choices.append((KEEP_PATTERN, lottery_value_format_label(current)))
            field.initial = KEEP_PATTERN
        field.choices = choices

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("lottery_value_format")
        if chosen in LOTTERY_VALUE_FORMATS:
            self.instance.lottery_value_pattern = LOTTERY_VALUE_FORMATS[chosen][1]
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The window must close after it opens."))
        method = cleaned.get("anti_speculation")
        if method == SalesRound.AntiSpeculation.PROFIT_SHARE and not cleaned.get(
            "anti_speculation_percentage"
        ):
            self.add_error("anti_speculation_percentage", _("Give the share of the profit."))
        if method == SalesRound.AntiSpeculation.FIXED_SUM and not cleaned.get(
            "anti_speculation_amount"
        ):
            self.add_error("anti_speculation_amount", _("Give the fixed sum."))
        if cleaned.get("penalty_daily_amount") and not cleaned.get("penalty_cap"):
            self.add_error("penalty_cap", _("A daily penalty needs a maximum."))
        municipality, bureau = cleaned.get("municipality"), cleaned.get("bureau")
        if (
            municipality
            and bureau
            and not bureau.mandates_held.filter(principal=municipality).exists()
        ):
            self.add_error("bureau", _("This bureau holds no mandate from the municipality."))
        return cleaned

    def clean_jurors(self):
        # The picker offers only jurors; this holds whatever the request says.
        jurors = self.cleaned_data.get("jurors")
        if jurors is None:
            return jurors
        allowed = users_with_permission(JUROR_PERMISSION).filter(pk__in=[j.pk for j in jurors])
        refused = sorted(set(jurors) - set(allowed), key=str)
        if refused:
            raise ValidationError(
                _("Only people with the juror role can be on the jury: %(names)s."),
                params={"names": ", ".join(str(user) for user in refused)},
                code="not_a_juror",
            )
        return jurors

    def _post_clean(self):
        # Model validation would report the window constraint a second time, as a form-wide
        # error; the field error above already says it.
        super()._post_clean()
        if "closes_at" in self.errors:
            self.errors.pop("__all__", None)


class RoundPropertyInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        municipality = getattr(self.instance, "municipality", None)
        for form in self.forms:
            prop = form.cleaned_data.get("property") if hasattr(form, "cleaned_data") else None
            # A published round's homes are view-only: the admin skips validating those rows
            # and gives them their initial values (primary keys) as cleaned data.
            if not isinstance(prop, Property):
                continue
            if municipality and prop.municipality_id != municipality.pk:
                form.add_error("property", _("This property is sold by another organisation."))


class FreeHomeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.get_status_display()}"


class RoundPropertyInline(admin.TabularInline):
    model = RoundProperty
    formset = RoundPropertyInlineFormSet
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "property":
            # Only free homes (published, in no round) and those already in this round.
            round_id = request.resolver_match.kwargs.get("object_id") if request else None
            free = Q(status=rules.PUBLISHED)
            if round_id:
                free |= Q(roundproperty__sales_round_id=round_id)
            kwargs["queryset"] = scope_to_user(
                Property.objects.filter(free).distinct(), request.user, "municipality"
            ).order_by("street", "house_number")
            kwargs["form_class"] = FreeHomeChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _locked(self, obj):
        return obj is not None and obj.published_at is not None

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class AssessmentCriterionInline(admin.TabularInline):
    """Criteria are round rules: editable until the window opens, then frozen."""

    model = AssessmentCriterion
    extra = 0
    fields = ["order", "name", "description", "weight", "max_score"]

    def _frozen(self, obj):
        return obj is not None and obj.rules_frozen

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class ViewingDayInline(LabelledDateTimes, admin.TabularInline):
    model = ViewingDay
    extra = 0


@admin.register(SalesRound)
class SalesRoundAdmin(LabelledDateTimes, ScopedToOrganisationAdmin):
    form = SalesRoundAdminForm
    prepopulated_fields = {"slug": ["name"]}
    organisation_path = "municipality"
    change_form_template = "admin/properties/salesround/change_form.html"
    list_display = ["name", "municipality", "bureau", "window", "phase_label"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter), "selection_method"]
    list_select_related = ["municipality", "bureau"]
    search_fields = ["name", "slug"]
    inlines = [RoundPropertyInline, ViewingDayInline, AssessmentCriterionInline]
    filter_horizontal = ["jurors"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "municipality", "bureau", "introduction"]}),
        (
            _("Timetable (Europe/Amsterdam)"),
            {
                "fields": [
                    ("opens_at", "closes_at"),
                    ("information_meeting_at", "information_meeting_place"),
                ]
            },
        ),
        (
            _("Eligibility"),
            {
                "fields": [
                    "minimum_age",
                    "one_application_per_household",
                    "financing_must_cover_budget",
                    "first_time_buyers_only",
                    "max_preferences",
                    "registration_fee",
                ]
            },
        ),
        (
            _("Selection"),
            {
                "fields": [
                    "selection_method",
                    "priority_social_rental",
                    "extra_tickets_local",
                    "lottery_value_description",
                    "lottery_value_format",
                    "offer_response_days",
                    "notaries",
                ]
            },
        ),
        (
            _("Assessment of plans"),
            {
                "classes": ["assessment-only"],
                "description": _("Only for a round assessed by plan quality."),
                "fields": ["assessment_min_score", "jurors"],
            },
        ),
        (
            _("Obligations in the purchase agreements"),
            {
                "fields": [
                    ("renovation_start_months", "renovation_completion_months"),
                    "self_occupancy_years",
                    ("anti_speculation", "anti_speculation_years"),
                    ("anti_speculation_percentage", "anti_speculation_amount"),
                    ("penalty_amount", "penalty_daily_amount", "penalty_cap"),
                ]
            },
        ),
    ]

    @admin.display(description=_("application window"), ordering="opens_at")
    def window(self, obj):
        return _("%(opens)s to %(closes)s") % {
            "opens": short_moment(obj.opens_at),
            "closes": short_moment(obj.closes_at),
        }

    @admin.display(description=_("public value of the lottery: format"))
    def lottery_value_format(self, obj):
        return lottery_value_format_label(obj.lottery_value_pattern)

    def _is_lottery(self, request, obj):
        method = request.POST.get("selection_method") if request.method == "POST" else None
        method = method or (obj.selection_method if obj else SalesRound.SelectionMethod.LOTTERY)
        return method == SalesRound.SelectionMethod.LOTTERY

    def get_fieldsets(self, request, obj=None):
        # Jury, criteria and minimum score belong to rounds assessed by plan quality: hidden
        # for a lottery (the script in Media shows them when the method is switched).
        hidden = self._is_lottery(request, obj)
        return [
            (name, {**options, "classes": [*options["classes"], "hidden"]})
            if hidden and "assessment-only" in options.get("classes", [])
            else (name, options)
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if isinstance(inline, AssessmentCriterionInline):
                inline.classes = ["assessment-only"]
                if self._is_lottery(request, obj):
                    inline.classes.append("hidden")
        return inlines

    def get_prepopulated_fields(self, request, obj=None):
        # Once published the address is fixed (it is read-only then).
        return (
            {}
            if obj is not None and obj.published_at is not None
            else super().get_prepopulated_fields(request, obj)
        )

    class Media:
        js = ["js/admin-round.js"]

    @admin.display(description=_("phase"))
    def phase_label(self, obj):
        return dict(PHASE_LABELS)[obj.phase()]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.rules_frozen:
            # Applicants applied under these rules: they cannot change any more.
            return RULE_FIELDS
        if obj is not None and obj.published_at is not None:
            return ["municipality", "slug"]
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **_limit_to_scope(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "jurors":
            kwargs["queryset"] = users_with_permission(
                JUROR_PERMISSION, organisation_ids=organisation_ids_for_user(request.user)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="properties_salesround_publish",
            ),
            path(
                "<int:pk>/freeze/",
                self.admin_site.admin_view(require_POST(self.freeze_view)),
                name="properties_salesround_freeze",
            ),
            path(
                "<int:pk>/assessment/",
                self.admin_site.admin_view(require_POST(self.assessment_view)),
                name="properties_salesround_assessment",
            ),
            path(
                "<int:pk>/offers/",
                self.admin_site.admin_view(self.offers_view),
                name="properties_salesround_offers",
            ),
            path(
                "<int:pk>/offers/start/",
                self.admin_site.admin_view(require_POST(self.offers_start_view)),
                name="properties_salesround_offers_start",
            ),
            path(
                "<int:pk>/offers/<int:offer_pk>/withdraw/",
                self.admin_site.admin_view(require_POST(self.offer_withdraw_view)),
                name="properties_salesround_offer_withdraw",
            ),
            *super().get_urls(),
        ]

    def _back(self, sales_round, name="properties_salesround_change"):
        return HttpResponseRedirect(reverse(f"admin:{name}", args=[sales_round.pk]))

    def _run(self, request, action, success):
        try:
            action()
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)

    def assessment_view(self, request, pk):
        """Compute and publish the outcome of a round assessed by plan quality."""
        from applications.assessment.services import assessment_publish

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.manage_offers"):
            raise PermissionDenied
        self._run(
            request,
            lambda: assessment_publish(sales_round=sales_round, actor=request.user),
            _("The outcome of the assessment is published; you can make the offers now."),
        )
        return self._back(sales_round)

    def offers_start_view(self, request, pk):
        from applications.offers.services import offers_start

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.manage_offers"):
            raise PermissionDenied
        self._run(
            request,
            lambda: offers_start(sales_round=sales_round, actor=request.user),
            _("The offers are made; the buyers have been told by e-mail."),
        )
        return self._back(sales_round, "properties_salesround_offers")

    def offer_withdraw_view(self, request, pk, offer_pk):
        from applications.models import Offer
        from applications.offers.forms import WithdrawOfferForm
        from applications.offers.services import offer_withdraw

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.manage_offers"):
            raise PermissionDenied
        offer = get_object_or_404(Offer, pk=offer_pk, sales_round=sales_round)
        form = WithdrawOfferForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request, _("Give the reason for withdrawing the offer."), messages.ERROR
            )
        else:
            self._run(
                request,
                lambda: offer_withdraw(
                    offer=offer, actor=request.user, reason=form.cleaned_data["reason"]
                ),
                _("The offer is withdrawn; the home went to the next reserve candidate, if any."),
            )
        return self._back(sales_round, "properties_salesround_offers")

    def offers_view(self, request, pk):
        """Per home: its offers, its reserve list and its log; and the offers that are due."""
        from django.template.response import TemplateResponse

        from applications.offers.selectors import round_offer_overview
        from applications.offers.services import offers_start_problems

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.view_offer"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": sales_round,
            "title": _("Offers: %(round)s") % {"round": sales_round.name},
            "overview": round_offer_overview(sales_round),
            "start_problems": offers_start_problems(sales_round),
            "can_manage": request.user.has_perm("applications.manage_offers"),
        }
        return TemplateResponse(request, "admin/properties/salesround/offers.html", context)

    def publish_view(self, request, pk):
        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("properties.publish_salesround"):
            raise PermissionDenied
        try:
            services.sales_round_publish(sales_round=sales_round, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, _("The round is published on the site."), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:properties_salesround_change", args=[sales_round.pk])
        )

    def freeze_view(self, request, pk):
        """Freeze the lottery's entries (step 2) once the window closed and all is decided."""
        from applications.lottery.services import lottery_freeze

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.review_application"):
            raise PermissionDenied
        try:
            frozen = lottery_freeze(sales_round=sales_round, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext(
                    "%(count)d entry is frozen and published; the notary can draw now.",
                    "%(count)d entries are frozen and published; the notary can draw now.",
                    frozen.entry_count,
                )
                % {"count": frozen.entry_count},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse("admin:properties_salesround_change", args=[sales_round.pk])
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.published_at is not None:
            from applications.lottery.selectors import round_lottery
            from applications.lottery.services import lottery_freeze_problems

            context["lottery"] = round_lottery(obj)
            context["freeze_problems"] = lottery_freeze_problems(obj)
            context["can_freeze"] = request.user.has_perm("applications.review_application")
            from applications.assessment.services import assessment_problems
            from applications.models import AssessmentOutcome, Offer

            context["can_manage_offers"] = request.user.has_perm("applications.manage_offers")
            context["offers_made"] = Offer.objects.filter(sales_round=obj).exists()
            if obj.selection_method == SalesRound.SelectionMethod.PLAN_ASSESSMENT:
                context["assessment_published"] = AssessmentOutcome.objects.filter(
                    sales_round=obj
                ).exists()
                context["assessment_problems"] = assessment_problems(obj)
        if obj is not None:
            context["round_problems"] = (
                services.sales_round_problems(obj) if obj.published_at is None else []
            )
            context["can_publish"] = request.user.has_perm("properties.publish_salesround")
            context["preview_url"] = reverse("properties:round_detail", args=[obj.slug])
        return super().render_change_form(request, context, add, change, form_url, obj)


PHASE_LABELS = [
    (rules.ROUND_DRAFT, _("Draft")),
    (rules.ROUND_ANNOUNCED, _("Announced")),
    (rules.ROUND_OPEN, _("Open for applications")),
    (rules.ROUND_CLOSED, _("Closed")),
]


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "confirmed_at", "created_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Subscribers belong to the platform, not to one municipality: administrators only.
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(Q(pk__in=[]))
